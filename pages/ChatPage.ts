import { expect, type Locator, type Page } from '@playwright/test';
import { checkRule } from '../harness/evidence/signoff-marks';
import type { TargetProfile } from '../profiles/types';
import { AgentTimeline } from './components/AgentTimeline';
import { ConnectionStatus } from './components/ConnectionStatus';
import { MessageInput } from './components/MessageInput';
import { MessageList } from './components/MessageList';
import { RunError } from './components/RunError';
import { ThinkingIndicator } from './components/ThinkingIndicator';
import { ThreadSidebar } from './components/ThreadSidebar';
import { ToolStatus } from './components/ToolStatus';

const DEFAULT_READY_TIMEOUT_MS = 30_000;

export class ChatPage {
  readonly input: MessageInput;
  readonly messages: MessageList;
  readonly timeline: AgentTimeline;
  readonly thinking: ThinkingIndicator;
  readonly tools: ToolStatus;
  readonly connection: ConnectionStatus;
  readonly sidebar: ThreadSidebar;
  readonly userEmail: Locator;
  readonly logoutButton: Locator;

  /**
   * `readyTimeoutMs`: how long a load or remount may take before the chat is usable
   * (E2E_READY_TIMEOUT_MS): its own budget, not the expect timeout, because a frontend may show an
   * initialisation screen for seconds and page load measures the machine as much as the target.
   */
  constructor(
    readonly page: Page,
    private readonly profile: TargetProfile,
    readonly readyTimeoutMs = DEFAULT_READY_TIMEOUT_MS,
  ) {
    const { ui } = profile;
    this.input = new MessageInput(page, ui);
    this.messages = new MessageList(page, ui);
    this.timeline = new AgentTimeline(page, ui);
    this.thinking = new ThinkingIndicator(page, ui);
    this.tools = new ToolStatus(page, ui);
    this.connection = new ConnectionStatus(page, ui);
    this.sidebar = new ThreadSidebar(page, ui);
    this.userEmail = ui.userEmail(page);
    this.logoutButton = ui.logoutButton(page);
  }

  /** Created on demand: not every target has a run-error banner. */
  get runError(): RunError {
    return new RunError(this.page, this.profile.ui);
  }

  /** Opens a thread, or (no id) a new, empty conversation; signed-out visitors end up on the login page. */
  async open(threadId?: string): Promise<void> {
    await this.page.goto(threadId ? this.profile.routes.thread(threadId) : this.profile.routes.chat);
    await this.untilLoaded();
  }

  /** Reloads the page, as a user pressing F5 does, and waits until the chat is usable again. */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.untilLoaded();
  }

  /** A target that initialises after each load is usable only once that is over. */
  private async untilLoaded(): Promise<void> {
    if (this.profile.ui.initializing && (await this.landedOnChat())) await this.expectReady();
  }

  /** Whether the page landed on the chat rather than on the login page (a signed-out visit). */
  private async landedOnChat(): Promise<boolean> {
    const loginSubmit = this.profile.ui.loginSubmit(this.page);
    await expect(this.input.textarea.or(loginSubmit).first(), 'the chat or the login page must show').toBeVisible({ timeout: this.readyTimeoutMs });
    return !(await loginSubmit.isVisible());
  }

  /** The chat is usable: the input shows and no initialisation screen covers it. */
  async expectReady(): Promise<void> {
    const options = { timeout: this.readyTimeoutMs };
    await expect(this.input.textarea, `the chat did not become usable within ${this.readyTimeoutMs} ms (E2E_READY_TIMEOUT_MS)`).toBeVisible(options);
    const initializing = this.profile.ui.initializing;
    if (initializing) {
      await expect(initializing(this.page), `the chat was still initialising after ${this.readyTimeoutMs} ms (E2E_READY_TIMEOUT_MS)`).toBeHidden(options);
    }
  }

  /** The thread id the UI moved to after a send (from the URL /chat/<id>). */
  async waitForThreadId(): Promise<string> {
    const pattern = new RegExp(`${this.profile.routes.thread('([^/?#]+)')}(?:[?#].*)?$`);
    await expect(this.page, 'sending the first message must open its thread').toHaveURL(pattern, { timeout: this.readyTimeoutMs });
    // A target may remount the chat on its thread URL: the page is usable again once that is over.
    await this.expectReady();
    return pattern.exec(this.page.url())![1]!;
  }

  /**
   * The thread is not shown to this user: the target's not-found notice, or (targets without one)
   * a redirect away from the thread's URL.
   */
  async expectThreadNotFound(threadId: string): Promise<void> {
    const notFound = this.profile.ui.threadNotFound;
    if (notFound) {
      await expect(notFound(this.page), `thread ${threadId} must be reported as not found`).toBeVisible();
      return;
    }
    await expect(this.page, `the page must leave thread ${threadId}, which is not this user's`).not.toHaveURL(this.threadUrl(threadId), {
      timeout: this.readyTimeoutMs,
    });
  }

  /** "New chat": leaves the current thread for an empty conversation, on the same page and socket. */
  async startNewChat(): Promise<void> {
    const created = this.profile.newThreadCreated?.(this.page);
    await this.sidebar.startNewChat();
    // The chat route, or (targets that create the thread at once) the new thread.
    const newChatUrl = created ? this.threadUrl(await created) : new RegExp(`${this.profile.routes.chat}$`);
    await expect(this.page, 'New chat must open an empty conversation').toHaveURL(newChatUrl, { timeout: this.readyTimeoutMs });
    await this.expectReady();
    await expect(this.messages.all, 'New chat must show no messages: the previous conversation is still on screen').toHaveCount(0);
  }

  /** Opens an earlier conversation by its entry in the sidebar. */
  async openThreadFromSidebar(threadId: string): Promise<void> {
    await this.sidebar.item(threadId).click();
    await expect(this.page, `the sidebar entry must open thread ${threadId}`).toHaveURL(this.threadUrl(threadId), { timeout: this.readyTimeoutMs });
    await this.expectReady();
  }

  /** The run's timeline and tool badges, where the target shows them: they change from run to run. */
  runDetails(): Locator[] {
    if (!this.profile.capabilities.eventTimeline) return [];
    return [this.timeline.root!, this.tools.badges()];
  }

  /** The page's URL while it shows `threadId`. */
  threadUrl(threadId: string): RegExp {
    return new RegExp(`${this.profile.routes.thread(threadId)}$`);
  }

  async signOut(): Promise<void> {
    await this.profile.signOut(this.page);
  }

  async expectSignedInAs(email: string): Promise<void> {
    const { signedInEmail } = this.profile;
    if (!signedInEmail) {
      await expect(this.userEmail, "C4.3: the header must show the signed-in user's email").toHaveText(email, { timeout: this.readyTimeoutMs });
      return;
    }
    await expect(this.userEmail, 'C4.3: the header must show who is signed in').not.toBeEmpty({ timeout: this.readyTimeoutMs });
    await expect.poll(() => signedInEmail(this.page), { message: `the page must be signed in as ${email}` }).toBe(email);
  }

  async expectConnected(timeout = this.readyTimeoutMs): Promise<void> {
    await this.connection.expectState('connected', timeout);
  }

  /**
   * The end state of a finished run: nothing still "running", the answer shown, input usable again.
   * The busy state is checked first: a UI stuck in it never shows the answer, and the target may
   * know that as one of its failure modes (`stuckUiFailure`), which the failure then names.
   */
  async expectRunFinished(answer: string, otherRunsAnswers: ReadonlyMap<string, string> = new Map()): Promise<void> {
    const stuck = this.profile.stuckUiFailure ?? 'the UI must leave the running state when the run is over';
    await checkRule('ui-leaves-running', () => this.thinking.expectGone(stuck, this.readyTimeoutMs));
    await checkRule('answer-rendered', async () => {
      try {
        await expect(this.messages.lastAssistant, 'the rendered answer must equal the final_response frame').toHaveText(answer);
      } catch (error) {
        throw (await this.anotherRunShown(otherRunsAnswers)) ?? error;
      }
    });
    await checkRule('ui-leaves-running', () => this.input.expectReady());
  }

  /** When the answer shown is another run's (another thread's, or another user's), an error naming that run. */
  private async anotherRunShown(otherRunsAnswers: ReadonlyMap<string, string>): Promise<Error | undefined> {
    if (otherRunsAnswers.size === 0) return undefined;
    // Read without waiting: the answer check that just failed already waited for it.
    const shown = normalized((await this.messages.lastAssistant.allTextContents())[0] ?? '');
    for (const [runId, answer] of otherRunsAnswers) {
      if (shown !== '' && normalized(answer) === shown) {
        return new Error(`the page shows the answer of run ${runId}, another run this page received, instead of its own run's answer: runs are mixed up on screen`);
      }
    }
    return undefined;
  }
}

function normalized(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
