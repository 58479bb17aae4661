/**
 * Builds canonical run frames for unit tests. Frames are collected in order; `build()` stamps
 * `seq` (1, 2, 3…) and rising timestamps, so tests compose a sequence and break exactly one thing.
 */
import type { RunFrame } from '../../contract/frames';

export interface RunIds {
  runId: string;
  threadId: string;
  userId: string;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Unstamped = DistributiveOmit<RunFrame, 'seq' | 'timestamp'>;

export const DEFAULT_IDS: RunIds = { runId: 'r-1', threadId: 't-1', userId: 'u-1' };
const START = Date.parse('2025-09-01T10:00:00.000Z');

export class RunBuilder {
  private readonly frames: Unstamped[] = [];
  private executions = 0;

  constructor(
    readonly ids: RunIds = DEFAULT_IDS,
    private readonly stepMs = 100,
  ) {}

  private envelope(agent: string) {
    return { run_id: this.ids.runId, thread_id: this.ids.threadId, user_id: this.ids.userId, agent_name: agent };
  }

  /** `parent` defaults to "supervisor" for sub-agents; `null` leaves parent_agent out. */
  started(agent: string, parent: string | null = agent === 'supervisor' ? null : 'supervisor'): this {
    const payload = { status: 'started' as const, message: `Starting ${agent}`, ...(parent ? { parent_agent: parent } : {}) };
    this.frames.push({ ...this.envelope(agent), type: 'agent_started', payload });
    return this;
  }

  thinking(agent: string, reasoning: string, step = 1, progress = 50): this {
    this.frames.push({
      ...this.envelope(agent),
      type: 'agent_thinking',
      payload: { status: 'thinking', reasoning, step_number: step, progress_percentage: progress },
    });
    return this;
  }

  /** Adds tool_executing; returns the builder, the execution id is `exec-<n>` (1-based). */
  toolExecuting(agent: string, tool: string, executionId = `exec-${++this.executions}`): this {
    this.frames.push({
      ...this.envelope(agent),
      type: 'tool_executing',
      tool_name: tool,
      payload: { status: 'executing', tool_name: tool, execution_id: executionId, parameters: { query: 'usage' } },
    });
    return this;
  }

  toolCompleted(agent: string, tool: string, executionId = `exec-${this.executions}`, status: 'completed' | 'failed' = 'completed'): this {
    this.frames.push({
      ...this.envelope(agent),
      type: 'tool_completed',
      tool_name: tool,
      payload: {
        status,
        tool_name: tool,
        execution_id: executionId,
        ...(status === 'completed' ? { result: { rows: 3 } } : { error: 'tool failed' }),
        execution_time_ms: 42,
      },
    });
    return this;
  }

  tool(agent: string, tool: string): this {
    return this.toolExecuting(agent, tool).toolCompleted(agent, tool);
  }

  partial(agent: string, content: string): this {
    this.frames.push({ ...this.envelope(agent), type: 'partial_result', payload: { content, is_complete: false } });
    return this;
  }

  completed(agent: string, finalResponse?: string): this {
    this.frames.push({
      ...this.envelope(agent),
      type: 'agent_completed',
      payload: {
        status: 'completed',
        result: { summary: `${agent} done` },
        execution_time_ms: 1500,
        ...(finalResponse === undefined ? {} : { final_response: finalResponse }),
      },
    });
    return this;
  }

  finalReport(summary = ANSWER): this {
    this.frames.push({
      ...this.envelope('supervisor'),
      type: 'final_report',
      payload: { executive_summary: summary, report: { sections: [] }, recommendations: ['Cache repeated prompts'], total_duration_ms: 1800 },
    });
    return this;
  }

  error(agent: string, code = 'LLM_ERROR', message = 'The language model failed'): this {
    this.frames.push({
      ...this.envelope(agent),
      type: 'agent_error',
      payload: { status: 'error', error_code: code, error_message: message, recoverable: true },
    });
    return this;
  }

  build(): RunFrame[] {
    return this.frames.map(
      (f, i) => ({ ...structuredClone(f), seq: i + 1, timestamp: new Date(START + i * this.stepMs).toISOString() }) as RunFrame,
    );
  }
}

export const ANSWER = 'Your usage last week was 1,204 requests costing $18.40.';

/** The reference app's run for a data question, up to (not including) the supervisor's completion. */
export function referenceRunBody(ids?: RunIds): RunBuilder {
  return new RunBuilder(ids)
    .started('supervisor')
    .thinking('supervisor', 'Planning how to answer the request…')
    .started('triage_agent')
    .thinking('triage_agent', 'Classifying the request…')
    .tool('triage_agent', 'classify_request')
    .completed('triage_agent')
    .started('data_agent')
    .thinking('data_agent', 'Querying usage metrics…')
    .tool('data_agent', 'query_usage_metrics')
    .completed('data_agent')
    .started('report_agent')
    .thinking('report_agent', 'Writing the answer…')
    .partial('report_agent', 'Your usage last week ')
    .partial('report_agent', 'was 1,204 requests costing $18.40.')
    .completed('report_agent');
}

/** A complete, valid run as the reference app streams it. */
export function referenceRun(ids?: RunIds): RunFrame[] {
  return referenceRunBody(ids).completed('supervisor', ANSWER).finalReport().build();
}

/** A run that fails in the data agent with one agent_error. */
export function failedRun(ids?: RunIds): RunBuilder {
  return new RunBuilder(ids)
    .started('supervisor')
    .started('triage_agent')
    .tool('triage_agent', 'classify_request')
    .completed('triage_agent')
    .started('data_agent')
    .error('data_agent');
}
