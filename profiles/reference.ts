/** The bundled reference app (target contract §4): the suite's default target. */
import type { Capabilities, TargetProfile, UiLocators } from './types';
import { withAttrs } from './shared/css';
import { asRecord, frameType, unreadableFrame } from './shared/raw-frame';
import { waitForSignedIn } from './shared/signed-in';
import { finalResponseOf } from './shared/answer';
import { readStoredJwt } from './shared/stored-token';
import { isLoginPath, isPost, urlPath } from './shared/urls';

const capabilities: Capabilities = {
  seq: true,
  resume: true,
  faults: true,
  finalReport: true,
  history: true,
  runEventsApi: true,
  stopAgent: true,
  passwordLogin: true,
  eventTimeline: true,
  scriptedModel: true,
};

const routes = {
  login: '/login',
  chat: '/chat',
  // Not URL-encoded: pages build a RegExp from `thread('([^/?#]+)')`.
  thread: (threadId: string) => `/chat/${threadId}`,
};

const ui: UiLocators = {
  loginEmail: (page) => page.getByLabel('Email', { exact: true }),
  loginPassword: (page) => page.getByLabel('Password', { exact: true }),
  loginSubmit: (page) => page.getByRole('button', { name: 'Sign in', exact: true }),
  loginError: (page) => page.getByRole('alert'),
  userEmail: (page) => page.getByTestId('user-email'),
  logoutButton: (page) => page.getByTestId('logout-button'),
  threadList: (page) => page.getByTestId('thread-list'),
  threadItems: (page) => page.locator('[data-testid^="thread-item-"]'),
  threadItem: (page, threadId) => page.getByTestId(`thread-item-${threadId}`),
  newChatButton: (page) => page.getByTestId('new-chat-button'),
  messageInput: (page) => page.getByLabel('Message input', { exact: true }),
  sendButton: (page) => page.getByRole('button', { name: 'Send message', exact: true }),
  messages: (page) => page.getByTestId('message'),
  userMessages: (page) => page.locator('[data-testid="message"][data-role="user"]'),
  assistantMessages: (page) => page.locator('[data-testid="message"][data-role="assistant"]'),
  thinkingIndicator: (page) => page.getByTestId('thinking-indicator'),
  connectionStatus: (page) => page.getByTestId('connection-status'),
  connectionState: (status) => status.getAttribute('data-state'),
  threadNotFound: (page) => page.getByText('This conversation does not exist, or it belongs to someone else.'),
  runError: (page) => page.getByTestId('run-error'),
  retryButton: (page) => page.getByTestId('run-error').getByRole('button', { name: 'Retry' }),
  agentTimeline: (page) => page.getByTestId('agent-timeline'),
  agentEvents: (page, filter = {}) =>
    page.locator(
      withAttrs('[data-testid="agent-event"]', { 'data-event-type': filter.type, 'data-agent-name': filter.agent }),
    ),
  toolStatuses: (page, filter = {}) =>
    page.locator(withAttrs('[data-testid="tool-status"]', { 'data-tool-name': filter.name, 'data-status': filter.status })),
  recorder: {
    thinking: '[data-testid=thinking-indicator]',
    toolExecuting: '[data-testid=tool-status][data-status=executing]',
    runCompleted:
      '[data-testid=agent-event][data-event-type=agent_completed][data-agent-name=supervisor], ' +
      '[data-testid=agent-event][data-event-type=agent_error]',
    eventItem: '[data-testid=agent-event]',
    connection: '[data-testid=connection-status]',
  },
};

export const reference: TargetProfile = {
  name: 'reference',
  description: 'Bundled reference app (target contract v1, all extensions)',
  capabilities,
  ui,
  routes,

  async signIn({ page, user, fillSecret }) {
    await page.goto(routes.login);
    await ui.loginEmail(page).fill(user.email);
    await fillSecret(ui.loginPassword(page), user.password);
    await ui.loginSubmit(page).click();
    await waitForSignedIn(page, ui, user.key);
  },

  readAccessToken: readStoredJwt,

  expectedAnswer: finalResponseOf,

  async signOut(page) {
    await ui.logoutButton(page).click();
    await page.waitForURL(isLoginPath);
  },

  normalizeServerFrame(raw) {
    const frame = asRecord(raw);
    return frame ? [{ frame, variant: 'canonical' }] : [unreadableFrame(raw)];
  },

  clientFrameType: frameType,

  isRestSend: (method, url) => isPost(method) && urlPath(url) === '/api/agent/v2/execute',

  isChatSocket: (url) => urlPath(url) === '/ws',
};
