/**
 * The one way a check depends on what the target can do: a test that needs a capability the
 * profile lacks is skipped, a step that needs one is skipped, each with the reason in the report.
 */
import { test } from '@playwright/test';
import type { Capabilities, TargetProfile } from '../../profiles/types';

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

  /** Skips the test unless `enough` holds for the suite's set-up (users configured, and so on); `why` says what is missing. */
  requireSetup(enough: boolean, why: string): void {
    test.skip(!enough, why);
  }

  /** A step that runs only on targets with `capability`; elsewhere it shows as skipped, with the reason. */
  step<T>(capability: Capability, title: string, body: () => Promise<T>): Promise<T | undefined> {
    return test.step(title, async (step) => {
      step.skip(!this.has(capability), `target profile "${this.profile.name}" has no ${capability}`);
      return body();
    });
  }
}
