/** An OpenAI-compatible chat completions endpoint (plain fetch). Failures are ModelErrors, never a fallback. */
import { type AnswerInput, type LanguageModel, ModelError } from './model';
import type { LlmOptions } from './options';

const TIMEOUT_MS = 60_000;

const SYSTEM_PROMPT = [
  'You are the report agent of an AI cost and performance optimisation assistant.',
  'Answer the user in plain text using the tool results you are given; be concise.',
  'End with a line "Recommendations:" followed by two to four numbered recommendations.',
].join(' ');

export function createOpenAiModel(llm: LlmOptions): LanguageModel {
  return {
    name: `openai-compatible:${llm.model}`,
    answer: (input, signal) => complete(llm, input, signal),
  };
}

async function complete(llm: LlmOptions, input: AnswerInput, signal: AbortSignal): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`${llm.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${llm.apiKey}` },
      body: JSON.stringify({ model: llm.model, messages: buildMessages(input), temperature: 0.2 }),
      signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
    });
  } catch (err) {
    if (signal.aborted) throw err;
    throw new ModelError(`The language model endpoint could not be reached (${(err as Error).name})`);
  }
  if (!response.ok) throw new ModelError(`The language model endpoint answered HTTP ${response.status}`);
  const body = (await response.json().catch(() => null)) as { choices?: { message?: { content?: unknown } }[] } | null;
  const content = body?.choices?.[0]?.message?.content;
  if (typeof content !== 'string' || content.trim() === '') throw new ModelError('The language model returned no answer');
  return content.trim();
}

function buildMessages(input: AnswerInput): { role: string; content: string }[] {
  const toolReport = input.tools.map((t) => ({ agent: t.agent, tool: t.tool, status: t.status, result: t.result, error: t.error }));
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    ...input.history.map((m) => ({ role: m.role, content: m.content })),
    { role: 'user', content: `${input.request}\n\nTool results (JSON):\n${JSON.stringify(toolReport, null, 2)}` },
  ];
}
