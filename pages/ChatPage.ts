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

  constructor(
    readonly page: Page,
    private readonly profile: TargetProfile,
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

  async open(threadId?: string): Promise<void> {
    await this.page.goto(threadId ? this.profile.routes.thread(threadId) : this.profile.routes.chat);
  }

  /** The thread id the UI moved to after a send (from the URL /chat/<id>). */
  async waitForThreadId(): Promise<string> {
    const pattern = new RegExp(`${this.profile.routes.thread('([^/?#]+)')}(?:[?#].*)?$`);
    await expect(this.page, 'sending the first message must open its thread').toHaveURL(pattern);
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
    await expect(this.page, `the page must leave thread ${threadId}, which is not this user's`).not.toHaveURL(this.threadUrl(threadId));
  }

  /** "New chat": leaves the current thread for an empty conversation, on the same page and socket. */
  async startNewChat(): Promise<void> {
    await this.sidebar.startNewChat();
    await expect(this.page, 'New chat must open an empty conversation').toHaveURL(new RegExp(`${this.profile.routes.chat}$`));
    await expect(this.messages.all, 'New chat must show no messages: the previous conversation is still on screen').toHaveCount(0);
  }

  /** Opens an earlier conversation by its entry in the sidebar. */
  async openThreadFromSidebar(threadId: string): Promise<void> {
    await this.sidebar.item(threadId).click();
    await expect(this.page, `the sidebar entry must open thread ${threadId}`).toHaveURL(this.threadUrl(threadId));
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
    await expect(this.userEmail, 'the header must show the signed-in user').toHaveText(email);
  }

  async expectConnected(timeout?: number): Promise<void> {
    await this.connection.expectState('connected', timeout);
  }

  /** The end state of a finished run: answer shown, nothing still "running", input usable again. */
  async expectRunFinished(answer: string): Promise<void> {
    await checkRule('answer-rendered', () =>
      expect(this.messages.lastAssistant, 'the rendered answer must equal the final_response frame').toHaveText(answer),
    );
    await checkRule('ui-leaves-running', async () => {
      await this.thinking.expectGone();
      await this.input.expectReady();
    });
  }
}
