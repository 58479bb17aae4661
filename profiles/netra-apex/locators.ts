/**
 * Netra Apex beta-17 selectors (netra-apex-facts.md). Its login page has no test ids and no
 * labels, so placeholders and button texts are primary there; the contract's names are fallbacks.
 * `.first()` where both halves of an `or` may match different elements of one thing.
 */
import type { Locator, Page } from '@playwright/test';
import type { UiLocators } from '../types';

export const NETRA_BUTTONS = {
  customLogin: 'Login with Custom Credentials',
  quickDevLogin: 'Quick Dev Login (dev@example.com)',
} as const;

/** The whole status label: the initialisation screen's "Connecting to real-time services…" is not it. */
const CONNECTION_TEXT = /^\s*(Connected|Connecting|Reconnecting|Disconnected)\s*$/;
/** Phases of the screen the chat shows after each load and remount, until its socket and store are ready. */
const INITIALIZING_TEXT = /^\s*(Authenticating your session|Connecting to real-time services|Loading your workspace)/;
/** A message card's text, apart from its avatar, agent name, time, "Raw Data" and message id. */
const CARD_TEXT = '.whitespace-pre-wrap';
/** Title of the cards holding an answer; progress cards carry the agent's name instead. */
export const NETRA_ANSWER_TITLE = 'Netra Agent';
/** What Netra shows while a run is going; still showing after the run ended = stuck. */
const BUSY_TEXT = /^\s*(Running|Sending(?:…|\.\.\.))\s*$/;

/** Netra shows the connection as text only; the contract's `data-state` wins when present. */
export async function readNetraConnectionState(status: Locator): Promise<string | null> {
  const state = await status.getAttribute('data-state');
  if (state) return state;
  const text = (await status.innerText()).toLowerCase();
  // Order matters: "disconnected" contains "connected", "reconnecting" contains "connecting".
  for (const name of ['reconnecting', 'disconnected', 'connecting', 'connected']) {
    if (text.includes(name)) return name;
  }
  return null;
}

function userCardTexts(page: Page): Locator {
  return page.locator('[data-testid="message"][data-role="user"]').or(page.locator(`.justify-end [role="article"] ${CARD_TEXT}`));
}

function answerCardTexts(page: Page): Locator {
  const answerCards = page.locator('.justify-start [role="article"]').filter({ has: page.getByText(NETRA_ANSWER_TITLE, { exact: true }) });
  return page.locator('[data-testid="message"][data-role="assistant"]').or(answerCards.locator(CARD_TEXT));
}

const byTestIdOrRole = (page: Page, testId: string, role: Locator) => page.getByTestId(testId).or(role);

export const netraUi: UiLocators = {
  loginEmail: (page) => page.getByPlaceholder('Email', { exact: true }).or(page.getByLabel('Email', { exact: true })),
  loginPassword: (page) =>
    page.getByPlaceholder('Password', { exact: true }).or(page.getByLabel('Password', { exact: true })),
  loginSubmit: (page) =>
    page
      .getByRole('button', { name: NETRA_BUTTONS.customLogin })
      .or(page.getByRole('button', { name: 'Sign in', exact: true }))
      .first(),
  // Netra renders login errors in a red box without a role.
  loginError: (page) => page.getByRole('alert').or(page.locator('div.text-red-600')).first(),
  userEmail: (page) => page.getByTestId('user-email'),
  logoutButton: (page) => page.getByTestId('logout-button'),
  threadList: (page) => page.getByTestId('thread-list'),
  threadItems: (page) => page.locator('[data-testid^="thread-item-"]'),
  threadItem: (page, threadId) =>
    page.getByTestId(`thread-item-${threadId}`).or(page.getByTestId(`chat-history-item-${threadId}`)).first(),
  newChatButton: (page) => page.getByTestId('new-chat-button'),
  messageInput: (page) =>
    byTestIdOrRole(page, 'message-textarea', page.getByLabel('Message input', { exact: true })).first(),
  sendButton: (page) =>
    byTestIdOrRole(page, 'send-button', page.getByRole('button', { name: 'Send message', exact: true })).first(),
  // The conversation is the user's cards and the answer cards; the agents' progress cards are not part of it.
  messages: (page) => userCardTexts(page).or(answerCardTexts(page)),
  userMessages: userCardTexts,
  assistantMessages: answerCardTexts,
  thinkingIndicator: (page) =>
    page.getByTestId('thinking-indicator').or(page.getByTestId('agent-processing')).or(page.getByText(BUSY_TEXT)).first(),
  initializing: (page) => page.getByText(INITIALIZING_TEXT),
  connectionStatus: (page) => page.getByTestId('connection-status').or(page.getByText(CONNECTION_TEXT)).first(),
  connectionState: readNetraConnectionState,
  // No run-error, timeline or tool-badge test ids on Netra (capability eventTimeline: false).
  recorder: {
    thinking: '[data-testid=thinking-indicator], [data-testid=agent-processing]',
    toolExecuting: '[data-testid=tool-status][data-status=executing]',
    runCompleted:
      '[data-testid=agent-event][data-event-type=agent_completed][data-agent-name=supervisor], ' +
      '[data-testid=agent-event][data-event-type=agent_error]',
    eventItem: '[data-testid=agent-event]',
    // The indicator's label: a text-only span ("Connected") in the header's status card.
    connection: '[data-testid=connection-status], .flex-col > span.text-sm.font-medium',
    // Reasoning shows in the response card and in each agent's progress cards, not in agent-processing.
    reasoning: '[data-testid=response-card], .justify-start [role=article]',
  },
};
