/**
 * The script of one run, in the order the frames go out (docs/architecture.md):
 * supervisor → triage → data? → optimisation? → report → supervisor completed → final_report.
 * Everything with side effects (sending, pacing, tools, model, storage, faults) comes in `act`.
 */
import { randomUUID } from 'node:crypto';
import { SUPERVISOR } from '../../contract/events';
import { executiveSummary, extractRecommendations, splitIntoChunks } from './answer-text';
import type { AnswerInput, ToolOutcome } from './model';
import type { PayloadOf, RunFrameType } from './run-frames';
import { type AgentStep, planRun, REPORT_AGENT, type RunPlan } from './run-plan';
import { runTool } from './tools';

export interface RunInput {
  request: string;
  history: AnswerInput['history'];
}

export interface RunActions {
  emit<T extends RunFrameType>(type: T, agent: string, payload: PayloadOf<T>): void;
  /** Waits the pace × `factor`; rejects when the run is cancelled. */
  pace(factor?: number): Promise<void>;
  /** The tool fault armed for the next tool call, if any (it is used up). */
  takeToolFault(): 'tool_error' | 'tool_timeout' | null;
  answer(input: AnswerInput): Promise<string>;
  storeAnswer(answer: string): void;
  /** From here on the run can only succeed: stop_agent and shutdown no longer interrupt it. */
  commit(): void;
}

const TOOL_TIMEOUT_MS = 30_000;

export async function driveRun(input: RunInput, act: RunActions): Promise<void> {
  const startedAt = Date.now();
  const plan = planRun(input.request);
  const topic = plan.subject.join(' ') || 'the request';
  // Sent synchronously, before the first await: agent_started follows a send at once.
  act.emit('agent_started', SUPERVISOR, { status: 'started', message: `Supervisor is handling the request about ${topic}` });
  await act.pace();
  act.emit('agent_thinking', SUPERVISOR, thinking(`Planning which agents should handle the request about ${topic}`, 1, 5));

  const tools: ToolOutcome[] = [];
  for (const [index, step] of plan.steps.entries()) {
    tools.push(await runSubAgent(act, input, step, index + 2, progressFor(plan, index)));
  }
  const answer = await runReportAgent(act, input, plan, tools);

  act.storeAnswer(answer);
  act.commit();
  await act.pace();
  act.emit('agent_completed', SUPERVISOR, {
    status: 'completed',
    result: { summary: executiveSummary(answer), agents: [...plan.steps.map((s) => s.agent), REPORT_AGENT] },
    execution_time_ms: Date.now() - startedAt,
    final_response: answer,
  });
  await act.pace();
  act.emit('final_report', SUPERVISOR, {
    executive_summary: executiveSummary(answer),
    report: { subject: plan.subject, agents: [...plan.steps.map((s) => s.agent), REPORT_AGENT], tools, answer },
    recommendations: extractRecommendations(answer),
    total_duration_ms: Date.now() - startedAt,
  });
}

function thinking(reasoning: string, stepNumber: number, progress: number): PayloadOf<'agent_thinking'> {
  return { status: 'thinking', reasoning, step_number: stepNumber, progress_percentage: progress };
}

/** Progress of sub-agent `index`, spread between 10 % and 90 % (the report agent gets 90 %). */
function progressFor(plan: RunPlan, index: number): number {
  return Math.round(10 + (80 * index) / (plan.steps.length + 1));
}

async function runSubAgent(act: RunActions, input: RunInput, step: AgentStep, stepNumber: number, progress: number): Promise<ToolOutcome> {
  const startedAt = Date.now();
  await act.pace();
  act.emit('agent_started', step.agent, { status: 'started', message: step.task, parent_agent: SUPERVISOR });
  await act.pace();
  act.emit('agent_thinking', step.agent, thinking(step.reasoning, stepNumber, progress));
  await act.pace();
  const outcome = await useTool(act, input, step);
  await act.pace();
  act.emit('agent_completed', step.agent, {
    status: 'completed',
    result: outcome.status === 'completed' ? { tool: step.tool, output: outcome.result } : { tool: step.tool, error: outcome.error },
    execution_time_ms: Date.now() - startedAt,
  });
  return outcome;
}

/** tool_executing, then exactly one tool_completed with the same execution_id. */
async function useTool(act: RunActions, input: RunInput, step: AgentStep): Promise<ToolOutcome> {
  const executionId = randomUUID();
  const startedAt = Date.now();
  act.emit('tool_executing', step.agent, { status: 'executing', tool_name: step.tool, execution_id: executionId, parameters: step.parameters });
  const fault = act.takeToolFault();
  await act.pace(fault === 'tool_timeout' ? 3 : 1);
  const base = { tool_name: step.tool, execution_id: executionId, execution_time_ms: Date.now() - startedAt };
  if (fault) {
    const error = fault === 'tool_timeout' ? `timed out after ${TOOL_TIMEOUT_MS} ms` : 'the tool backend returned an error';
    act.emit('tool_completed', step.agent, { ...base, status: 'failed', error });
    return { agent: step.agent, tool: step.tool, status: 'failed', error };
  }
  const result = runTool(step.tool, input.request);
  act.emit('tool_completed', step.agent, { ...base, status: 'completed', result });
  return { agent: step.agent, tool: step.tool, status: 'completed', result };
}

async function runReportAgent(act: RunActions, input: RunInput, plan: RunPlan, tools: ToolOutcome[]): Promise<string> {
  const startedAt = Date.now();
  await act.pace();
  act.emit('agent_started', REPORT_AGENT, { status: 'started', message: 'Write the answer', parent_agent: SUPERVISOR });
  await act.pace();
  act.emit('agent_thinking', REPORT_AGENT, thinking(`Writing the answer about ${plan.subject.join(' ') || 'the request'}`, plan.steps.length + 2, 90));
  const answer = await act.answer({ request: input.request, subject: plan.subject, tools, history: input.history });
  for (const chunk of splitIntoChunks(answer)) {
    await act.pace(0.5);
    act.emit('partial_result', REPORT_AGENT, { content: chunk, is_complete: false });
  }
  await act.pace();
  act.emit('agent_completed', REPORT_AGENT, {
    status: 'completed',
    result: { answer_length: answer.length, recommendations: extractRecommendations(answer).length },
    execution_time_ms: Date.now() - startedAt,
  });
  return answer;
}
