/** The language model behind the report agent: scripted by default, OpenAI-compatible when configured. */
import type { LlmOptions } from './options';
import { createOpenAiModel } from './openai-model';
import { scriptedModel } from './scripted-model';

export interface ToolOutcome {
  agent: string;
  tool: string;
  status: 'completed' | 'failed';
  result?: Record<string, unknown>;
  error?: string;
}

export interface AnswerInput {
  request: string;
  subject: string[];
  tools: ToolOutcome[];
  /** Earlier messages of the thread, oldest first, without the current request. */
  history: { role: 'user' | 'assistant'; content: string }[];
}

export interface LanguageModel {
  readonly name: string;
  answer(input: AnswerInput, signal: AbortSignal): Promise<string>;
}

/** The model failed to answer; the run ends with agent_error LLM_ERROR. */
export class ModelError extends Error {
  override name = 'ModelError';
}

export function createModel(llm: LlmOptions | null): LanguageModel {
  return llm ? createOpenAiModel(llm) : scriptedModel;
}
