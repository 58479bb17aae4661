/**
 * A target profile holds everything that differs between products: selectors, sign-in,
 * how a send is recognised, how frames are normalised, and which extensions exist.
 * Specs, fixtures and sequence rules only ever talk to this interface.
 */
import type { APIRequestContext, BrowserContext, Locator, Page } from '@playwright/test';

export interface UserCredentials {
  /** Stable key used for storage-state files and report labels: 'user1', 'user2', … */
  key: string;
  email: string;
  password: string;
}

/** Contract extensions and optional features a target may have. */
export interface Capabilities {
  /** Run frames carry `seq` rising by 1. */
  seq: boolean;
  /** Client may send `resume {run_id, after_seq}`. */
  resume: boolean;
  /** `POST /__faults` exists (still gated by E2E_ALLOW_FAULTS). */
  faults: boolean;
  /** A successful run closes with `final_report`. */
  finalReport: boolean;
  /** `/api/threads` and `/api/threads/:id/messages`. */
  history: boolean;
  /** `GET /api/runs/:id/events`. */
  runEventsApi: boolean;
  /** `stop_agent` cancels a run. */
  stopAgent: boolean;
  /** `POST /auth/login {email,password}` gives tokens (protocol-level tests need it). */
  passwordLogin: boolean;
  /** The UI exposes the contract's timeline / tool-status test ids. */
  eventTimeline: boolean;
  /** `AGENT_PACE_MS`-style pacing: the target's reference run time is known. */
  scriptedModel: boolean;
}

type PageLocator = (page: Page) => Locator;

/** Locators for every element the page objects use. Optional ones may be missing on a target. */
export interface UiLocators {
  loginEmail: PageLocator;
  loginPassword: PageLocator;
  loginSubmit: PageLocator;
  loginError: PageLocator;
  userEmail: PageLocator;
  logoutButton: PageLocator;
  threadList: PageLocator;
  threadItems: PageLocator;
  threadItem: (page: Page, threadId: string) => Locator;
  newChatButton: PageLocator;
  messageInput: PageLocator;
  sendButton: PageLocator;
  messages: PageLocator;
  userMessages: PageLocator;
  assistantMessages: PageLocator;
  thinkingIndicator: PageLocator;
  connectionStatus: PageLocator;
  /** Read the connection state: 'connecting' | 'connected' | 'reconnecting' | 'disconnected'. */
  connectionState: (status: Locator) => Promise<string | null>;
  /**
   * A screen the chat shows while it starts (after a load or a remount) instead of the chat: the
   * page is usable once it is gone. Waited for with the readiness budget (E2E_READY_TIMEOUT_MS).
   */
  initializing?: PageLocator;
  /** What the chat shows for a thread that does not exist or is another user's (targets may redirect instead). */
  threadNotFound?: PageLocator;
  runError?: PageLocator;
  retryButton?: PageLocator;
  agentTimeline?: PageLocator;
  /** Timeline entries; `type`/`agent` narrow to one event type / agent. */
  agentEvents?: (page: Page, filter?: { type?: string; agent?: string }) => Locator;
  /** Tool badges; `name`/`status` narrow. */
  toolStatuses?: (page: Page, filter?: { name?: string; status?: string }) => Locator;
  /** CSS selectors the in-page UI recorder watches (it cannot use Playwright locators). */
  recorder: {
    thinking: string;
    toolExecuting: string;
    runCompleted: string;
    eventItem: string;
    /**
     * The connection indicator: the first match showing a state (its `data-state`, else its whole text
     * being one state word). Found again after every change, so a remounted header is still watched.
     */
    connection: string;
    /** Where the agent's reasoning is shown, when not (only) in the thinking indicator: every match counts. */
    reasoning?: string;
  };
}

export interface SignInContext {
  page: Page;
  user: UserCredentials;
  baseURL: string;
  request: APIRequestContext;
  /** Fills a password-like value without it appearing in step titles or traces. */
  fillSecret: (input: Locator, value: string) => Promise<void>;
}

/** A frame after the profile turned it into the contract's canonical shape. */
export interface NormalizedFrame {
  frame: Record<string, unknown>;
  /** Which envelope variant the raw frame used, e.g. 'canonical', 'data', 'flat'. */
  variant: string;
}

/** What a page's frame capture saw, in time order (`at`: ms on one clock), for quirk detectors. */
export type CapturedTraffic =
  | { kind: 'received'; at: number; frame: unknown; socket?: string }
  | { kind: 'sent'; at: number; frame: unknown; socket?: string }
  | { kind: 'rest-send'; at: number; status?: number }
  | { kind: 'closed'; at: number; code: number; reason?: string; socket?: string };

/** A known failure mode of the target, found in one session; the message names the cause. */
export interface Quirk {
  code: string;
  message: string;
}

export interface TargetProfile {
  name: string;
  description: string;
  capabilities: Capabilities;
  ui: UiLocators;
  routes: { login: string; chat: string; thread: (threadId: string) => string };
  /** Sign in through the target's real frontend. */
  signIn(ctx: SignInContext): Promise<void>;
  /** The access token the signed-in page holds (for API clean-up with the page's own session). */
  readAccessToken(page: Page): Promise<string | null>;
  /** The answer text the UI must show for a finished run, taken from its frames. */
  expectedAnswer(runFrames: readonly Record<string, unknown>[]): string | undefined;
  /** The answer a page shows once it reads the thread back from history (default: `expectedAnswer`). */
  expectedStoredAnswer?(runFrames: readonly Record<string, unknown>[]): string | undefined;
  /**
   * For a New chat that creates its thread at once: resolves to the new thread's id (call before
   * clicking). Without it, New chat goes back to the chat route with no thread.
   */
  newThreadCreated?(page: Page): Promise<string>;
  /**
   * The email of the user the page is signed in as (default: the `userEmail` element's text), for
   * targets whose header shows something else, such as the full name.
   */
  signedInEmail?(page: Page): Promise<string | null>;
  /** Makes a fresh browser context signed out and kept so (e.g. no automatic sign-in of a development build). */
  prepareSignedOut?(context: BrowserContext): Promise<void>;
  /**
   * The target's known failure mode when the UI stays busy after the run's last frame: named in the
   * failure before the answer is compared (the answer can never show while the UI is stuck).
   */
  stuckUiFailure?: string;
  /** Problems with this profile's own environment variables, each naming the variable (checked with the rest of the config). */
  envProblems?(env: Readonly<Record<string, string | undefined>>): string[];
  /** Environment variables holding secrets of this profile: scrubbed from every artifact. */
  secretEnvVars?: readonly string[];
  /** Checks for the target's recorded failure modes beyond the contract's rules (optional). */
  detectQuirks?(traffic: readonly CapturedTraffic[], uiTexts: readonly string[], firstEventBudgetMs: number): Quirk[];
  /** Sign out through the UI. */
  signOut(page: Page): Promise<void>;
  /** Turn one raw server frame into canonical frames (an `event_batch` may give several; noise gives none). */
  normalizeServerFrame(raw: unknown): NormalizedFrame[];
  /** Canonical type of a client frame (aliases such as `chat_message` → `user_message`), or null. */
  clientFrameType(raw: unknown): string | null;
  /** Whether an HTTP request is the REST send path (e.g. POST /api/agent/v2/execute). */
  isRestSend(method: string, url: string): boolean;
  /** URL path of the socket endpoint, to tell the chat socket from others (e.g. HMR). */
  isChatSocket(url: string): boolean;
}
