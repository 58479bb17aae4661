import { describe, expect, it } from 'vitest';
import { auditFrames, type AuditOptions } from '../load/frame-audit';
import { referenceRun } from './helpers/run-builder';

const OWNER: AuditOptions = { ownerUserId: 'u-1', ownRunIds: ['r-1'], requireSeq: true, requireFinalReport: true };
const established = { type: 'connection_established', payload: { connection_id: 'c-1', user_id: 'u-1', server_time: 1, golden_path_events: [] }, timestamp: 1 };
const mine = () => referenceRun({ runId: 'r-1', threadId: 't-1', userId: 'u-1' }) as unknown as Record<string, unknown>[];
const othersRun = () => referenceRun({ runId: 'r-9', threadId: 't-9', userId: 'u-2' }) as unknown as Record<string, unknown>[];

describe('the frame audit of one protocol user', () => {
  it('a whole run of the owner, after the connection frame, is clean', () => {
    const frames = [established, ...mine()];
    expect(auditFrames(frames, OWNER)).toEqual({ checked: frames.length, invalid: 0, misrouted: 0, lost: 0, duplicated: 0, ruleViolations: 0, samples: [] });
  });

  it("counts every frame of another user's run as misrouted, and names it", () => {
    const audit = auditFrames([established, ...mine(), ...othersRun()], OWNER);
    expect(audit.misrouted).toBe(othersRun().length);
    expect(audit.ruleViolations).toBe(0);
    expect(audit.samples.join('\n')).toMatch(/another user's run.*r-9/);
  });

  it('another run of the same user (a second socket of a shared account) is checked but not misrouted', () => {
    const sameUserOtherRun = referenceRun({ runId: 'r-2', threadId: 't-2', userId: 'u-1' }) as unknown as Record<string, unknown>[];
    const audit = auditFrames([...mine(), ...sameUserOtherRun.slice(0, 3)], OWNER);
    expect(audit).toMatchObject({ misrouted: 0, lost: 0, ruleViolations: 0 });
  });

  it('a frame missing from the middle of an own run is lost (and breaks the envelope rule)', () => {
    const frames = mine();
    frames.splice(3, 1);
    const audit = auditFrames(frames, OWNER);
    expect(audit.lost).toBe(1);
    expect(audit.ruleViolations).toBeGreaterThan(0);
  });

  it('an own run none of whose frames arrived is lost', () => {
    expect(auditFrames([established], OWNER).lost).toBe(1);
  });

  it('a frame that arrives twice is duplicated', () => {
    const frames = mine();
    frames.splice(2, 0, frames[1]!);
    expect(auditFrames(frames, OWNER).duplicated).toBe(1);
  });

  it('a frame that breaks the schema is invalid', () => {
    const frames = mine();
    frames[1] = { ...frames[1], timestamp: 'yesterday' };
    const audit = auditFrames(frames, OWNER);
    expect(audit.invalid).toBe(1);
    expect(audit.samples[0]).toMatch(/invalid .* timestamp/);
  });

  it('an own run that ends twice breaks the sequence rules', () => {
    const frames = mine();
    frames.push({ ...frames.at(-1)!, seq: frames.length + 1 });
    expect(auditFrames(frames, OWNER).ruleViolations).toBeGreaterThan(0);
  });
});
