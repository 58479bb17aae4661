/** Where a run's answer text is found in its canonical frames. */
type Frame = Readonly<Record<string, unknown>>;

const payloadOf = (frame: Frame | undefined) => (frame?.payload ?? {}) as Record<string, unknown>;

/** The supervisor's `agent_completed.payload.final_response` (contract §3). */
export function finalResponseOf(runFrames: readonly Frame[]): string | undefined {
  const completed = runFrames.findLast((f) => f.type === 'agent_completed' && f.agent_name === 'supervisor');
  const answer = payloadOf(completed).final_response;
  return typeof answer === 'string' ? answer : undefined;
}

/** `final_report.payload.executive_summary`: what a UI that renders the report shows. */
export function executiveSummaryOf(runFrames: readonly Frame[]): string | undefined {
  const report = runFrames.findLast((f) => f.type === 'final_report');
  const summary = payloadOf(report).executive_summary;
  return typeof summary === 'string' ? summary : undefined;
}
