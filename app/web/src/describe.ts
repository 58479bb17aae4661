/** Short human text for a run frame in the timeline. */
import type { RunFrame } from '../../../contract/frames';

export type Tone = 'start' | 'thinking' | 'tool' | 'success' | 'error';

export interface FrameText {
  text: string;
  detail?: string;
  tone: Tone;
}

const ms = (value: number): string => `${Math.round(value)} ms`;
const seconds = (value: number): string => `${(value / 1000).toFixed(2)}s`;

/** Null for frames the timeline skips (`partial_result` would flood it). */
export function describeFrame(frame: RunFrame): FrameText | null {
  switch (frame.type) {
    case 'agent_started':
      return { text: `${frame.agent_name} started`, tone: 'start' };
    case 'agent_thinking':
      return { text: frame.payload.reasoning, tone: 'thinking' };
    case 'tool_executing':
      return { text: `${frame.payload.tool_name} running`, tone: 'tool' };
    case 'tool_completed':
      return frame.payload.status === 'failed'
        ? {
            text: `${frame.payload.tool_name} failed after ${ms(frame.payload.execution_time_ms)}`,
            detail: frame.payload.error,
            tone: 'error',
          }
        : { text: `${frame.payload.tool_name} done in ${ms(frame.payload.execution_time_ms)}`, tone: 'success' };
    case 'agent_completed':
      return { text: `${frame.agent_name} completed in ${seconds(frame.payload.execution_time_ms)}`, tone: 'success' };
    case 'final_report':
      return {
        text: `Final report ready (${seconds(frame.payload.total_duration_ms)} total)`,
        detail: frame.payload.executive_summary,
        tone: 'success',
      };
    case 'agent_error':
      return { text: `${frame.agent_name} failed: ${frame.payload.error_code}`, detail: frame.payload.error_message, tone: 'error' };
    case 'partial_result':
      return null;
  }
}
