/** Netra Apex at tag beta-17 (shared/netra-apex-facts.md). */
import type { Capabilities, TargetProfile } from './types';
import { detectNetraQuirks } from './netra-apex/quirks';
import { executiveSummaryOf, finalResponseOf } from './shared/answer';
import { readStoredJwt } from './shared/stored-token';
import { isLoginPath, isPost, urlPath } from './shared/urls';
import { netraUi } from './netra-apex/locators';
import { NETRA_TOP_LEVEL_AGENTS, netraClientFrameType, normalizeNetraFrame } from './netra-apex/normalize';
import {
  isNetraDevMode,
  type NetraEnv,
  netraSignInSettings,
  signedInEmailOf,
  signInToNetra,
  keepSignedOutUntilSignIn,
} from './netra-apex/sign-in';

export { detectNetraQuirks, NETRA_QUIRKS } from './netra-apex/quirks';
export type { NetraCaptureEntry, NetraQuirk, NetraQuirkCode, NetraQuirkOptions } from './netra-apex/quirks';
export { normalizeNetraFrame, netraClientFrameType, NETRA_TOP_LEVEL_AGENTS, type NetraVariant } from './netra-apex/normalize';
export { isNetraDevMode, NETRA_SIGNIN_MODES, netraSignInSettings } from './netra-apex/sign-in';
export type { NetraEnv, NetraSignInMode, NetraSignInSettings } from './netra-apex/sign-in';

const NETRA_QUIRKS_DOC = 'netra-apex-facts.md, "Known ways the golden path broke there"';

const routes = {
  login: '/login',
  chat: '/chat',
  // Not URL-encoded: pages build a RegExp from `thread('([^/?#]+)')`.
  thread: (threadId: string) => `/chat/${threadId}`,
};

/** `NETRA_TOP_LEVEL_AGENT`: the names (comma-separated) Netra's top-level agent goes by in frames. */
export function netraTopLevelAgents(env: NetraEnv): readonly string[] {
  const names = (env.NETRA_TOP_LEVEL_AGENT ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  return names.length > 0 ? names : NETRA_TOP_LEVEL_AGENTS;
}

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

    // Netra's UI shows the report's executive summary as the final message (facts file); a thread
    // read back from history shows the stored message, which is the whole final response.
    expectedAnswer: (runFrames) => executiveSummaryOf(runFrames) ?? finalResponseOf(runFrames),
    expectedStoredAnswer: (runFrames) => finalResponseOf(runFrames) ?? executiveSummaryOf(runFrames),

    // New chat creates its thread at once (POST /api/threads) and opens it.
    newThreadCreated: async (page) => {
      const response = await page.waitForResponse((r) => isPost(r.request().method()) && urlPath(r.url()).endsWith('/api/threads') && r.ok());
      const body = (await response.json()) as { id?: unknown };
      if (typeof body.id !== 'string') throw new Error('New chat: POST /api/threads answered without a thread id');
      return body.id;
    },

    // The header shows the full name: who is signed in comes from the auth service.
    signedInEmail: (page) => signedInEmailOf(page, page.request, netraSignInSettings(readEnv()).authUrl),

    // A development build signs any signed-out visitor in as dev@example.com unless the flag a
    // logout sets is there: a signed-out browser is one that logged out.
    prepareSignedOut: async (context) => {
      if (isNetraDevMode(readEnv())) await context.addInitScript(keepSignedOutUntilSignIn);
    },

    stuckUiFailure:
      `Netra's known failure mode "UI stuck on Running/Sending… after completion" (${NETRA_QUIRKS_DOC}): the run's ` +
      'closing frames arrived but the chat never left its busy state: final_report landed while the chat remounted on ' +
      '/chat/<id>, or the message was sent in an open thread, where beta-17 never clears "Sending…" (docs/netra.md)',

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
    normalizeServerFrame: (raw) => normalizeNetraFrame(raw, { topLevelAgents: netraTopLevelAgents(readEnv()) }),
    clientFrameType: netraClientFrameType,
    isRestSend: (method, url) => isPost(method) && urlPath(url).endsWith('/api/agent/v2/execute'),
    isChatSocket: (url) => urlPath(url).endsWith('/ws'),
  };
}

export const netraApex: TargetProfile = createNetraApexProfile(() => process.env);
