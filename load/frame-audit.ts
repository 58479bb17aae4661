/**
 * Every frame one protocol user's socket received, held against the contract: the schema of each
 * frame, the owner (`user_id` must be the socket's user), the sequence rules of each of the
 * owner's runs, and the run identity and `seq` of the user's own runs (lost or duplicated frames).
 * Pure: the frames are canonical (normalised by the target's profile) and in arrival order.
 */
import { isRunFrame, type RunFrame } from '../contract/frames';
import { checkRunSequence, groupByRun } from '../contract/sequence';
import { serverFrameViolations } from '../harness/capture/frame-validation';
import type { CanonicalFrame } from '../harness/capture/capture-types';

export interface FrameAudit {
  checked: number;
  /** Frames that do not fit the contract's schema. */
  invalid: number;
  /** Run frames of another user than the socket's owner: a leak between users. */
  misrouted: number;
  /** `seq` values missing from one of the owner's runs (a gap, or a run that stopped short of its end). */
  lost: number;
  /** Frames of one of the owner's runs whose `seq` had already arrived. */
  duplicated: number;
  /** Broken sequence rules (order, pairing, run end, envelope) in the owner's runs. */
  ruleViolations: number;
  /** The first few problems, worded for the report. */
  samples: string[];
}

export interface AuditOptions {
  ownerUserId: string;
  /** Runs this user started and followed to their end: each must be whole. */
  ownRunIds: readonly string[];
  requireSeq: boolean;
  requireFinalReport: boolean;
}

const MAX_SAMPLES = 5;

export function auditFrames(frames: readonly CanonicalFrame[], options: AuditOptions): FrameAudit {
  const audit: FrameAudit = { checked: frames.length, invalid: 0, misrouted: 0, lost: 0, duplicated: 0, ruleViolations: 0, samples: [] };
  const note = (message: string) => {
    if (audit.samples.length < MAX_SAMPLES) audit.samples.push(message);
  };
  frames.forEach((frame, index) => {
    const broken = serverFrameViolations(index, frame);
    if (broken.length > 0) {
      audit.invalid += 1;
      note(`invalid ${broken[0]!.type} frame: ${broken[0]!.path || '(frame)'} ${broken[0]!.message}`);
    }
  });
  const runFrames = frames.filter((f) => isRunFrame(f));
  const foreign = runFrames.filter((f) => f.user_id !== options.ownerUserId);
  audit.misrouted = foreign.length;
  if (foreign.length > 0) note(`${foreign.length} frame(s) of another user's run reached this user's socket (first: ${String(foreign[0]!.type)} of run ${String(foreign[0]!.run_id)})`);
  const owned = runFrames.filter((f) => f.user_id === options.ownerUserId);
  for (const [runId, run] of groupByRun(owned)) {
    const own = options.ownRunIds.includes(runId);
    const violations = checkRunSequence(run as unknown as RunFrame[], {
      ownerUserId: options.ownerUserId,
      requireSeq: options.requireSeq,
      requireFinalReport: options.requireFinalReport,
      requireEnded: own,
    });
    audit.ruleViolations += violations.length;
    if (violations[0]) note(`run ${runId}: ${violations[0].rule} ${violations[0].message}`);
    if (own && options.requireSeq) countSeq(run, runId, audit, note);
  }
  for (const runId of options.ownRunIds.filter((id) => !owned.some((f) => f.run_id === id))) {
    audit.lost += 1;
    note(`run ${runId}: none of its frames arrived`);
  }
  return audit;
}

/** Gaps and repeats of `seq` in one whole run. */
function countSeq(run: readonly CanonicalFrame[], runId: string, audit: FrameAudit, note: (m: string) => void): void {
  const seen = new Set<number>();
  for (const frame of run) {
    if (typeof frame.seq !== 'number') continue;
    if (seen.has(frame.seq)) {
      audit.duplicated += 1;
      note(`run ${runId}: seq ${frame.seq} arrived twice`);
    }
    seen.add(frame.seq);
  }
  const highest = Math.max(0, ...seen);
  const missing = highest - seen.size;
  if (missing > 0) {
    audit.lost += missing;
    note(`run ${runId}: ${missing} frame(s) missing below seq ${highest}`);
  }
}
