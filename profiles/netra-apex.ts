/** Netra Apex at tag beta-17 (shared/netra-apex-facts.md). */
import type { Capabilities, TargetProfile } from './types';
import { detectNetraQuirks } from './netra-apex/quirks';
import { executiveSummaryOf, finalResponseOf } from './shared/answer';
import { readStoredJwt } from './shared/stored-token';
import { isLoginPath, isPost, urlPath } from './shared/urls';
import { netraUi } from './netra-apex/locators';
import { netraClientFrameType, normalizeNetraFrame } from './netra-apex/normalize';
import { isNetraDevMode, type NetraEnv, netraSignInSettings, signInToNetra } from './netra-apex/sign-in';

export { detectNetraQuirks, NETRA_QUIRKS } from './netra-apex/quirks';
export type { NetraCaptureEntry, NetraQuirk, NetraQuirkCode, NetraQuirkOptions } from './netra-apex/quirks';
export { normalizeNetraFrame, netraClientFrameType, type NetraVariant } from './netra-apex/normalize';
export { isNetraDevMode, NETRA_SIGNIN_MODES, netraSignInSettings } from './netra-apex/sign-in';
export type { NetraEnv, NetraSignInMode, NetraSignInSettings } from './netra-apex/sign-in';

const routes = {
  login: '/login',
  chat: '/chat',
  // Not URL-encoded: pages build a RegExp from `thread('([^/?#]+)')`.
  thread: (threadId: string) => `/chat/${threadId}`,
};

/** `readEnv` is called when needed, not at import, so a `.env` loaded later still counts. */
export function createNetraApexProfile(readEnv: () => NetraEnv): TargetProfile {
  const capabilities: Capabilities = {
    seq: false,
    resume: false,
    faults: false,
    finalReport: true,
    history: true,
    runEventsApi: false,
    stopAgent: false,
    get passwordLogin() {
      return isNetraDevMode(readEnv());
    },
    eventTimeline: false,
    scriptedModel: false,
  };

  return {
    name: 'netra-apex',
    description: 'Netra Apex beta-17 (Next.js frontend; sign-in per NETRA_SIGNIN_MODE)',
    capabilities,
    ui: netraUi,
    routes,
    signIn: (ctx) => signInToNetra(ctx, netraSignInSettings(readEnv())),
    readAccessToken: readStoredJwt,

    // Netra's UI shows the report's executive summary as the final message (facts file).
    expectedAnswer: (runFrames) => executiveSummaryOf(runFrames) ?? finalResponseOf(runFrames),

    envProblems: (env) => {
      try {
        netraSignInSettings(env);
        return [];
      } catch (error) {
        return [(error as Error).message];
      }
    },

    secretEnvVars: ['NETRA_E2E_BYPASS_KEY'],

    detectQuirks: (traffic, uiTexts, firstEventBudgetMs) => detectNetraQuirks(traffic, uiTexts, { agentStartedBudgetMs: firstEventBudgetMs }),

    async signOut(page) {
      await netraUi.logoutButton(page).click();
      await page.waitForURL(isLoginPath);
    },
    normalizeServerFrame: normalizeNetraFrame,
    clientFrameType: netraClientFrameType,
    isRestSend: (method, url) => isPost(method) && urlPath(url).endsWith('/api/agent/v2/execute'),
    isChatSocket: (url) => urlPath(url).endsWith('/ws'),
  };
}

export const netraApex: TargetProfile = createNetraApexProfile(() => process.env);
