/**
 * Which agents a request goes through (docs/architecture.md, "Scripted run shape"):
 * triage always; data when it is about data/usage/cost/latency/spend; optimisation when it
 * asks to optimise/reduce/improve/save; then the report agent writes the answer.
 */
export type SubAgentName = 'triage_agent' | 'data_agent' | 'optimization_agent';
export const REPORT_AGENT = 'report_agent';

export interface AgentStep {
  agent: SubAgentName;
  task: string;
  reasoning: string;
  tool: string;
  parameters: Record<string, unknown>;
}

export interface RunPlan {
  subject: string[];
  steps: AgentStep[];
}

export const DATA_WORDS = /\b(data|usage|used|costs?|costly|latenc\w*|spend\w*|spent)\b/i;
export const OPTIMIZE_WORDS = /\b(optimi[sz]\w*|reduc\w*|improv\w*|sav(e|es|ed|ing|ings))\b/i;

const STOP_WORDS = new Set(
  `the and for with what how can you please our my me is are about this that from into your which when where why who
  would could should will does did have has had been being there their them they then than some any all each more most
  much many very just also over under after before tell show give help need want like make let get its was were not but
  out off here hers his her him she he it's i'm we're let's doing done give us can't don't won't per via
  analyze analyse analyzing optimize optimise optimizing reduce improve explain compare find check review summarize
  summarise describe calculate estimate look lower cut`.split(/\s+/),
);

/** Up to five distinct content words of the request, lower-cased, in order of appearance. */
export function subjectWords(request: string): string[] {
  const words = request.toLowerCase().match(/\p{L}[\p{L}\p{N}'-]*/gu) ?? [];
  const picked: string[] = [];
  for (const word of words) {
    if (word.length < 3 || STOP_WORDS.has(word) || picked.includes(word)) continue;
    picked.push(word);
    if (picked.length === 5) break;
  }
  return picked;
}

export function planRun(request: string): RunPlan {
  const subject = subjectWords(request);
  const topic = subject.length > 0 ? subject.join(' ') : 'the request';
  const steps: AgentStep[] = [
    {
      agent: 'triage_agent',
      task: 'Classify the request',
      reasoning: `Classifying the request about ${topic}`,
      tool: 'classify_request',
      parameters: { request_excerpt: request.slice(0, 200) },
    },
  ];
  if (DATA_WORDS.test(request)) {
    steps.push({
      agent: 'data_agent',
      task: 'Collect usage metrics',
      reasoning: `Querying usage metrics related to ${topic}`,
      tool: 'query_usage_metrics',
      parameters: { period: 'last_7_days', dimensions: subject.slice(0, 3) },
    });
  }
  if (OPTIMIZE_WORDS.test(request)) {
    steps.push({
      agent: 'optimization_agent',
      task: 'Model the cost of alternatives',
      reasoning: `Modelling ways to optimise ${topic}`,
      tool: 'cost_model',
      parameters: { horizon: 'monthly', focus: subject.slice(0, 3) },
    });
  }
  return { subject, steps };
}
