/**
 * The one way a check depends on what the target can do: a test that needs a capability the
 * profile lacks is skipped, a step that needs one is skipped, each with the reason in the report.
 */
import { test } from '@playwright/test';
import type { Capabilities, TargetProfile } from '../../profiles/types';
import { skipAsNotApplicable } from '../evidence/signoff-marks';

export type Capability = keyof Capabilities;

export class TargetCapabilities {
  constructor(readonly profile: TargetProfile) {}

  /** The frame that closes a completed run on this target. */
  get closingFrame(): 'final_report' | 'agent_completed' {
    return this.has('finalReport') ? 'final_report' : 'agent_completed';
  }

  has(capability: Capability): boolean {
    return Boolean(this.profile.capabilities[capability]);
  }

  /** Skips the test unless the target has `capability`; `lacking` says what is missing ("has no fault API"). */
  require(capability: Capability, lacking: string): void {
    test.skip(!this.has(capability), `target profile "${this.profile.name}" ${lacking}`);
  }

  /**
   * Skips the test unless the target has `capability`, and marks it "not applicable here": the
   * sign-off shows its checklist items so where their policy allows it (checklist/checklist.ts).
   */
  notApplicableWithout(capability: Capability, lacking: string): void {
    skipAsNotApplicable(!this.has(capability), `target profile "${this.profile.name}" ${lacking}`);
  }

  /**
   * Skips the test unless `enough` holds for the suite's set-up (users configured, faults allowed);
   * `why` says what is missing. `notApplicable`: as `notApplicableWithout`.
   */
  requireSetup(enough: boolean, why: string, options: { notApplicable?: boolean } = {}): void {
    if (options.notApplicable) skipAsNotApplicable(!enough, why);
    else test.skip(!enough, why);
  }

  /** A step that runs only on targets with `capability`; elsewhere it shows as skipped, with the reason. */
  step<T>(capability: Capability, title: string, body: () => Promise<T>): Promise<T | undefined> {
    return test.step(title, async (step) => {
      step.skip(!this.has(capability), `target profile "${this.profile.name}" has no ${capability}`);
      return body();
    });
  }
}
