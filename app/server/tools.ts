/** The simulated tools. Results are derived from the request text, so they are deterministic. */
import { createHash } from 'node:crypto';
import { DATA_WORDS, OPTIMIZE_WORDS, subjectWords } from './run-plan';

type ToolResult = Record<string, unknown>;

/** A number in [min, max] picked by byte `index` of the request's hash. */
function pick(request: string, index: number, min: number, max: number): number {
  const digest = createHash('sha256').update(request).digest();
  const byte = digest[index % digest.length] ?? 0;
  return min + Math.round((byte / 255) * (max - min));
}

export function runTool(tool: string, request: string): ToolResult {
  switch (tool) {
    case 'classify_request':
      return classifyRequest(request);
    case 'query_usage_metrics':
      return queryUsageMetrics(request);
    case 'cost_model':
      return costModel(request);
    default:
      throw new Error(`unknown tool ${tool}`);
  }
}

function classifyRequest(request: string): ToolResult {
  const category = OPTIMIZE_WORDS.test(request)
    ? 'cost_optimization'
    : DATA_WORDS.test(request)
      ? 'usage_analysis'
      : 'general_question';
  return { category, subject: subjectWords(request), confidence: pick(request, 0, 70, 99) / 100 };
}

function queryUsageMetrics(request: string): ToolResult {
  const requests = pick(request, 1, 20, 250) * 1000;
  const avgLatency = pick(request, 2, 180, 900);
  return {
    period: 'last_7_days',
    requests,
    total_cost_usd: Math.round(requests * pick(request, 3, 2, 30)) / 1000,
    avg_latency_ms: avgLatency,
    p95_latency_ms: avgLatency * 2 + pick(request, 4, 0, 200),
    top_model: ['gpt-4o', 'claude-sonnet', 'llama-3-70b'][pick(request, 5, 0, 2)],
  };
}

function costModel(request: string): ToolResult {
  const current = pick(request, 6, 40, 400) * 100;
  const savingsPct = pick(request, 7, 12, 45);
  return {
    current_monthly_cost_usd: current,
    projected_monthly_cost_usd: Math.round(current * (1 - savingsPct / 100)),
    estimated_savings_pct: savingsPct,
    levers: ['route simple requests to a smaller model', 'cache repeated prompts', 'batch offline work'],
  };
}
