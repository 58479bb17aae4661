/**
 * Rules whose break proves a checklist item failed, whichever test finds it.
 *
 * A test declares the items it proves (`proves: [...]`), but some checks hold in every test: a
 * frame off the contract, a broken ordering rule, another user's frame, an SLA miss, a UI stuck
 * in "running". When one of them fails inside a test about something else (a tool-failure
 * journey that sees `seq` jump), the failure counts against the item of the rule as well, so a
 * blocking rule broken in a non-blocking test still blocks the release.
 *
 * The mechanism: the check runs under `checkRule(tag, …)` (harness/evidence/signoff-marks.ts), which records
 * the annotation `{ type: 'rule-violation', description: '<tag>: <failure message>' }` when the check fails; the
 * sign-off reporter maps the tag to its item here. Failures not under a rule stay with the
 * items the test declared.
 */

export const RULE_VIOLATION_ANNOTATION = 'rule-violation';

/**
 * A check of a rule the runner's own starvation kept from deciding (an SLA figure over budget by no
 * more than the runner's stall): `{ type: 'rule-inconclusive', description: '<tag>: <why>' }`. Only
 * the rule's item turns "inconclusive: runner overloaded", not every item of the test.
 */
export const RULE_INCONCLUSIVE_ANNOTATION = 'rule-inconclusive';

export interface Rule {
  /** The checklist item a break of this rule fails. */
  itemId: string;
  /** What the rule says, for the sign-off ("broke <title>"). */
  title: string;
}

export const RULES = {
  'frame-schema': { itemId: 'GP-05', title: 'every frame matches the contract schemas' },
  'run-sequence': {
    itemId: 'GP-06',
    title: 'the run ordering rules (seq +1, one tool_completed per tool_executing, nothing after the end, one run/thread/user id)',
  },
  'tool-name': { itemId: 'GP-07', title: 'every tool call is shown with its name (never "unknown_tool")' },
  'answer-rendered': { itemId: 'GP-08', title: 'the rendered answer equals final_response' },
  'ui-leaves-running': { itemId: 'GP-08', title: 'the UI leaves the running state once the run is over and accepts the next message' },
  'user-isolation': { itemId: 'GP-17', title: 'no frame or content of one user reaches another' },
  'reconnect-frames': { itemId: 'GP-13', title: 'across a dropped socket or a reload, no frame of the run is lost, changed or shown twice' },
  'sla-connect': { itemId: 'GP-02', title: 'the socket connects within the connect budget' },
  'sla-first-event': { itemId: 'GP-03', title: 'agent_started arrives within the first-event budget after the send' },
  'sla-run': { itemId: 'GP-08', title: 'the run ends within the run budget' },
} as const satisfies Record<string, Rule>;

export type RuleTag = keyof typeof RULES;

export function ruleOf(tag: string): Rule | undefined {
  return Object.hasOwn(RULES, tag) ? RULES[tag as RuleTag] : undefined;
}

export interface RuleViolation {
  /** The rule's tag (a key of RULES, or unknown: the reporter names it). */
  rule: string;
  /** The failure's message as recorded (several lines possible). */
  message?: string;
}

/** One `rule-violation` annotation: `<tag>` or `<tag>: <message>` (tags hold no ':'). */
export function ruleViolationOf(annotation: { description?: string }): RuleViolation {
  const text = annotation.description ?? '';
  const colon = text.indexOf(':');
  if (colon < 0) return { rule: text.trim() };
  const message = text.slice(colon + 1).trim();
  return { rule: text.slice(0, colon).trim(), ...(message ? { message } : {}) };
}

/** The rule violations among `annotations` (or the inconclusive rule checks, by `type`), the first of each rule, in order. */
export function ruleViolationsOf(annotations: readonly { type: string; description?: string }[], type = RULE_VIOLATION_ANNOTATION): RuleViolation[] {
  const out: RuleViolation[] = [];
  for (const a of annotations) {
    if (a.type !== type) continue;
    const violation = ruleViolationOf(a);
    if (!out.some((v) => v.rule === violation.rule)) out.push(violation);
  }
  return out;
}
