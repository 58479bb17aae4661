/**
 * The default, deterministic model: the answer is built from the request's subject words and
 * the tool results, so the same request always gives the same text.
 */
import type { AnswerInput, LanguageModel, ToolOutcome } from './model';

export const scriptedModel: LanguageModel = {
  name: 'scripted',
  answer: async (input) => scriptedAnswer(input),
};

export function scriptedAnswer(input: AnswerInput): string {
  const topic = listWords(input.subject.length > 0 ? input.subject : ['your request']);
  const summary = `Here is my analysis of ${topic}. ${categorySentence(input.tools)}`;
  const findings = input.tools.map(describeTool).filter((line) => line !== '');
  const recommendations = recommendationsFor(input).map((r, i) => `${i + 1}. ${r}`);
  return [summary, ...findings, ['Recommendations:', ...recommendations].join('\n')].join('\n\n');
}

function listWords(words: string[]): string {
  if (words.length === 1) return words[0]!;
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function categorySentence(tools: ToolOutcome[]): string {
  const triage = tools.find((t) => t.tool === 'classify_request');
  const category = typeof triage?.result?.category === 'string' ? triage.result.category.replace(/_/g, ' ') : null;
  return category ? `I treated it as a ${category} request.` : 'I could not classify it, so I treated it as a general question.';
}

function describeTool(outcome: ToolOutcome): string {
  if (outcome.status === 'failed') {
    return `Note: the ${outcome.tool} tool failed (${outcome.error ?? 'unknown error'}), so this answer is based on incomplete data.`;
  }
  const r = outcome.result ?? {};
  switch (outcome.tool) {
    case 'query_usage_metrics':
      return (
        `Usage over the last 7 days: ${fmt(r.requests)} requests costing $${fmt(r.total_cost_usd)}, ` +
        `with an average latency of ${fmt(r.avg_latency_ms)} ms (p95 ${fmt(r.p95_latency_ms)} ms); most traffic went to ${String(r.top_model)}.`
      );
    case 'cost_model':
      return (
        `The cost model projects monthly spend falling from $${fmt(r.current_monthly_cost_usd)} to ` +
        `$${fmt(r.projected_monthly_cost_usd)}, about ${fmt(r.estimated_savings_pct)}% less.`
      );
    default:
      return '';
  }
}

function recommendationsFor(input: AnswerInput): string[] {
  const [first = 'this area', second = first] = input.subject;
  const used = new Set(input.tools.filter((t) => t.status === 'completed').map((t) => t.tool));
  const items = [`Review ${first} every week so that changes show up early.`];
  if (used.has('query_usage_metrics')) items.push(`Set an alert on ${second} so that spikes in usage are caught the same day.`);
  if (used.has('cost_model')) {
    items.push(`Route simple ${first} requests to a smaller model and cache repeated prompts.`);
  }
  if (input.tools.some((t) => t.status === 'failed')) items.push('Run the request again once the failed tool is available.');
  items.push(`Share the findings on ${second} with the team that owns it.`);
  return items;
}

function fmt(value: unknown): string {
  return typeof value === 'number' ? value.toLocaleString('en-US') : String(value);
}
