/**
 * Planted defects that each break one numbered clause of the contract (contract/clauses.ts) the
 * older catalogue in defects.ts did not: at least one per observable clause. Each is caught by a
 * test that declares the clause, with a failure message that starts with the clause id, so `cause`
 * is the clause id itself.
 */
import type { Defect, Patch } from './defects';

/**
 * A failure message naming any of the clauses (C2.1 must not match C2.10). The run ordering rules
 * C3.R1…R6 are also named as contract/sequence.ts names them: "R1: …".
 */
function names(...clauses: string[]): RegExp {
  const spelled = clauses.flatMap((c) => [`${c.replace('.', '\\.')}(?![\\dR])`, ...(c.startsWith('C3.R') ? [`\\b${c.slice(3)}:`] : [])]);
  return new RegExp(spelled.join('|'));
}

/** Clauses whose message also names the cause of a defect of the key clause: the same breach seen from another side. */
const SEEN_AS: Record<string, string[]> = {
  // What is stored is what the page shows after a reload.
  'C3.R6': ['C4.16'],
  // Other users' threads in the list show as their conversations on the page.
  'C6.1': ['C6.4'],
};

function defect(id: string, area: Defect['area'], clauses: string[], description: string, patches: Patch[]): Defect {
  const named = [...clauses, ...clauses.flatMap((c) => SEEN_AS[c] ?? [])];
  return { id, area, clauses, description, cause: names(...named), patches };
}

const p = (file: string, find: string, replace: string): Patch => ({ file, find, replace });

/** An existence check that forgets the owner: how an id-ownership bug is usually written. */
const anyThread = (idExpr: string) => `ctx.db.prepare('SELECT 1 FROM threads WHERE id = ?').get(${idExpr})`;

const STORE_USER_MESSAGE = "addMessage(this.db, { threadId: input.threadId, userId: input.userId, role: 'user', content: input.content,";
/** The user message is stored as `transform(input.content)`. */
const storedAs = (transform: string) =>
  p('server/run-engine.ts', STORE_USER_MESSAGE, `addMessage(this.db, { threadId: input.threadId, userId: input.userId, role: 'user', content: ${transform},`);

export const CONTRACT_DEFECTS: Defect[] = [
  // ── §2 HTTP API: health, auth ──────────────────────────────────────────────────────────────
  defect('health-says-ok', 'auth', ['C2.3'], 'GET /health answers {status:"ok"}, not {status:"healthy"}.', [
    p('server/health.ts', "app.get('/health', async () => ({ status: 'healthy' }));", "app.get('/health', async () => ({ status: 'ok' }));"),
  ]),
  defect('ready-without-version', 'auth', ['C2.4'], 'GET /health/ready leaves the version out.', [
    p('server/health.ts', "return { status: 'ready', version: ctx.version, started_at: ctx.startedAt };", "return { status: 'ready', started_at: ctx.startedAt };"),
  ]),
  defect('auth-config-oauth-on', 'auth', ['C2.6'], 'GET /auth/config says oauth_enabled: true.', [p('server/auth-routes.ts', 'oauth_enabled: false,', 'oauth_enabled: true,')]),
  defect('login-token-type-lowercase', 'auth', ['C2.7'], 'POST /auth/login answers token_type "bearer" (lower case), not "Bearer".', [
    p('server/auth-routes.ts', "return { ...pair, token_type: 'Bearer', user };", "return { ...pair, token_type: 'bearer', user };"),
  ]),
  defect('wrong-password-code', 'auth', ['C2.8'], 'A wrong password answers 401 with error_code AUTH_ERROR, not INVALID_CREDENTIALS.', [
    p('server/auth-routes.ts', "throw new HttpError(401, ERROR_CODES.invalidCredentials, 'Invalid email or password');", "throw new HttpError(401, 'AUTH_ERROR', 'Invalid email or password');"),
  ]),
  defect('login-body-unchecked', 'auth', ['C2.9'], 'POST /auth/login no longer validates its body: a body without a password ends in a 500.', [
    p('server/auth-routes.ts', 'const { email, password } = parseWith(loginRequest, request.body);', 'const { email, password } = (request.body ?? {}) as { email: string; password: string };'),
  ]),
  defect('login-never-throttled', 'auth', ['C2.10'], 'The sign-in throttle is never applied: a script may guess passwords without limit.', [
    p('server/auth-routes.ts', '  if (wait > 0) {', '  if (wait > 1_000_000) {'),
  ]),
  defect('dev-login-always-on', 'auth', ['C2.11'], 'POST /auth/dev/login is registered whatever ENABLE_DEV_LOGIN says.', [
    p('server/auth-routes.ts', "  if (ctx.options.enableDevLogin) {\n    app.post('/auth/dev/login'", "  {\n    app.post('/auth/dev/login'"),
  ]),
  defect('validate-token-without-bearer', 'auth', ['C2.12'], 'validate-token-and-get-user answers for a body token even without a Bearer header.', [
    p('server/auth-routes.ts', 'const caller = await authenticate(ctx.tokens, request);', 'const caller = await authenticate(ctx.tokens, request).catch(() => null);'),
  ]),
  defect('me-wrapped', 'auth', ['C2.15'], 'GET /auth/me wraps the user as {user:{…}} instead of answering {id, email, full_name}.', [
    p('server/auth-routes.ts', "app.get('/auth/me', async (request) => (await authenticate(ctx.tokens, request)).user);", "app.get('/auth/me', async (request) => ({ user: (await authenticate(ctx.tokens, request)).user }));"),
  ]),
  defect('expires-in-minutes-off', 'auth', ['C2.17'], 'expires_in is sent in the wrong unit (×60): clients renew far too late.', [
    p('server/tokens.ts', 'expires_in: this.accessTokenTtlSeconds };', 'expires_in: this.accessTokenTtlSeconds * 60 };'),
  ]),
  defect('logout-answers-200', 'auth', ['C2.14'], 'POST /auth/logout answers 200 with a body, not 204.', [
    p('server/auth-routes.ts', '    ctx.tokens.revokeSession(sessionId);\n    return reply.code(204).send();', "    ctx.tokens.revokeSession(sessionId);\n    return reply.code(200).send({ logged_out: true });"),
  ]),
  defect('error-body-renamed', 'auth', ['C2.1'], 'Error bodies say {error, code} instead of {detail, error_code}.', [
    p('server/http-errors.ts', '.send({ detail, error_code: errorCode });', '.send({ error: detail, code: errorCode });'),
  ]),
  defect('error-body-echoes-token', 'auth', ['C6.9'], 'A refused access token is quoted back in the 401 error body.', [
    p('server/authenticate.ts', "if (!auth) throw new HttpError(401, 'INVALID_TOKEN', 'Invalid or expired token');", "if (!auth) throw new HttpError(401, 'INVALID_TOKEN', `Invalid or expired token: ${token}`);"),
  ]),
  defect('error-body-echoes-password', 'auth', ['C6.9'], 'A refused sign-in quotes the password it was given in the error body.', [
    p('server/auth-routes.ts', "throw new HttpError(401, ERROR_CODES.invalidCredentials, 'Invalid email or password');", "throw new HttpError(401, ERROR_CODES.invalidCredentials, `Invalid email or password (${email} / ${password})`);"),
  ]),

  // ── §2 tickets ───────────────────────────────────────────────────────────────────────────────
  defect('ticket-ttl-uncapped', 'auth', ['C2.19'], 'A ticket lives as long as the client asks: the 300 s cap is gone.', [
    p('server/tickets.ts', 'Math.min(Math.max(requestedTtl ?? DEFAULT_TICKET_TTL_SECONDS, 1), LIMITS.maxTicketTtlSeconds)', 'Math.max(requestedTtl ?? DEFAULT_TICKET_TTL_SECONDS, 1)'),
  ]),
  defect('ticket-never-expires', 'auth', ['C2.19'], 'Expired tickets still open a socket: expiry is not checked on use.', [
    p('server/tickets.ts', '    this.dropExpired();\n', ''),
    p('server/tickets.ts', 'if (!ticket || ticket.expiresAtMs <= Date.now()) return null;', 'if (!ticket) return null;'),
  ]),
  defect('missing-ticket-closed-normally', 'auth', ['C3.1'], 'A refused socket is closed with 1000 (normal), not 1008.', [
    p('server/ws-routes.ts', "socket.close(CLOSE_CODES.policyViolation, 'Authentication failed');", "socket.close(1000, 'Authentication failed');"),
  ]),

  // ── §2 threads and history ───────────────────────────────────────────────────────────────────
  defect('thread-list-offset-ignored', 'pipeline', ['C2.21'], 'GET /api/threads ignores offset: every page is the first.', [
    p('server/threads.ts', '.all(userId, limit, offset) as ThreadRow[];', '.all(userId, limit, 0) as ThreadRow[];'),
  ]),
  defect('thread-metadata-dropped', 'pipeline', ['C2.22'], 'POST /api/threads drops the metadata it was given.', [
    p('server/threads.ts', '    changes.metadata ? JSON.stringify(changes.metadata) : null,\n    now,', '    null,\n    now,'),
  ]),
  defect('thread-rename-ignored', 'pipeline', ['C2.23'], 'PUT /api/threads/:id answers 200 but keeps the old title.', [
    p('server/threads.ts', 'const title = changes.title !== undefined ? changes.title : current.title;', 'const title = current.title;'),
  ]),
  defect('thread-delete-answers-200', 'pipeline', ['C2.23'], 'DELETE /api/threads/:id answers 200 with a body, not 204.', [
    p('server/thread-routes.ts', 'ctx.engine.cancelThreadRuns(user.id, request.params.id);\n    return reply.code(204).send();', 'ctx.engine.cancelThreadRuns(user.id, request.params.id);\n    return reply.code(200).send({ deleted: true });'),
  ]),
  defect('history-newest-first', 'pipeline', ['C2.24', 'C3.R6'], 'The messages of a thread come newest first, not oldest first.', [
    p('server/threads.ts', 'ORDER BY created_at ASC, rowid ASC LIMIT ? OFFSET ?', 'ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?'),
  ]),
  defect('history-offset-ignored', 'pipeline', ['C2.25'], 'The messages API ignores offset: every page repeats the first one.', [
    p('server/threads.ts', '.all(threadId, userId, limit, offset) as MessageRow[];', '.all(threadId, userId, limit, 0) as MessageRow[];'),
  ]),
  defect('history-total-is-page', 'pipeline', ['C2.24', 'C2.25'], 'total counts the messages of the page, not of the thread: a client stops paging after the first page.', [
    p('server/threads.ts', 'return { messages: rows.map(toMessage), total };', 'return { messages: rows.map(toMessage), total: rows.length };'),
  ]),
  defect('history-default-page-20', 'pipeline', ['C2.25'], 'Without limit the messages API gives 20 messages, not the 50 the contract names.', [
    p(
      'server/thread-routes.ts',
      "const { limit, offset } = parseWith(messageListQuery, request.query, 'query');",
      "const { limit, offset } = parseWith(messageListQuery, { limit: 20, ...(request.query as object) }, 'query');",
    ),
  ]),
  defect('sequential-thread-ids', 'pipeline', ['C6.2'], 'Thread ids are a counter (1, 2, 3…): anyone can guess the next one.', [
    p('server/threads.ts', 'export function createThread(db: Db, userId: string, changes: ThreadChanges = {}): Thread {\n  const id = randomUUID();', "export function createThread(db: Db, userId: string, changes: ThreadChanges = {}): Thread {\n  const id = String((db.prepare('SELECT COUNT(*) AS n FROM threads').get() as { n: number }).n + 1);"),
  ]),

  // ── fidelity of what is stored ───────────────────────────────────────────────────────────────
  defect('stored-message-trimmed', 'pipeline', ['C3.R6'], 'The user message is stored trimmed: leading and trailing blanks are lost.', [storedAs('input.content.trim()')]),
  defect('stored-whitespace-collapsed', 'pipeline', ['C3.R6'], 'Runs of whitespace, tabs and newlines in the user message are stored as single spaces.', [storedAs("input.content.replace(/\\s+/g, ' ')")]),
  defect('stored-unicode-normalised', 'pipeline', ['C3.R6'], 'The user message is stored NFC-normalised: combining marks are merged into other characters.', [storedAs("input.content.normalize('NFC')")]),
  defect('stored-html-escaped', 'pipeline', ['C3.R6'], 'The user message is stored HTML-escaped (&lt; for <): the text comes back changed.', [
    storedAs("input.content.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')"),
  ]),
  defect('stored-emoji-stripped', 'pipeline', ['C3.R6'], 'Emoji are stripped from the user message before it is stored ("the database column is not utf8mb4").', [
    storedAs("input.content.replace(/\\p{Extended_Pictographic}|\\u200d|\\ufe0f|[\\u{1F3FB}-\\u{1F3FF}]|[\\u{1F1E6}-\\u{1F1FF}]/gu, '')"),
  ]),
  defect('stored-message-truncated', 'pipeline', ['C3.R6'], 'The user message is stored cut to 8 000 characters.', [storedAs('input.content.slice(0, 8000)')]),
  defect('stored-answer-trimmed-lines', 'pipeline', ['C3.R6'], 'The stored answer has its blank lines squeezed out, so it no longer equals final_response.', [
    p('server/run-engine.ts', "role: 'assistant', content: answer,", "role: 'assistant', content: answer.replace(/\\n\\s*\\n/g, '\\n'),"),
  ]),
  defect('message-limit-off-by-one', 'resilience', ['C3.14'], 'A message of exactly 10 000 characters is refused as too long (>= for >).', [
    p('server/message-rules.ts', 'if (content.length > LIMITS.maxMessageChars)', 'if (content.length >= LIMITS.maxMessageChars)'),
  ]),

  // ── §2 REST send path and runs API ──────────────────────────────────────────────────────────
  defect('execute-request-id-not-echoed', 'pipeline', ['C2.26'], 'POST /api/agent/v2/execute answers with a request id of its own, not the one sent.', [
    p('server/run-routes.ts', 'return { request_id: body.request_id, success: true, run_id: runId, thread_id: body.thread_id };', 'return { request_id: `req-${runId}`, success: true, run_id: runId, thread_id: body.thread_id };'),
  ]),
  defect('rest-run-not-streamed', 'pipeline', ['C2.27'], "A run started over REST is not streamed to the caller's sockets (REST callers were meant to poll).", [
    p('server/run-engine.ts', '    this.hub.subscribeUser(run.userId, runId);', "    if (input.source !== 'rest') this.hub.subscribeUser(run.userId, runId);"),
  ]),
  defect('rest-message-rules-skipped', 'pipeline', ['C2.28'], 'The REST send path skips the message rules: empty and over-long messages start runs.', [
    p('server/run-routes.ts', "    if (problem) throw new HttpError(422, 'INVALID_MESSAGE', problem);\n", ''),
  ]),
  defect('run-events-after-seq-ignored', 'pipeline', ['C2.29'], 'GET /api/runs/:id/events ignores after_seq and returns every frame.', [
    p('server/run-routes.ts', 'eventsAfter(ctx.db, run.id, after_seq)', 'eventsAfter(ctx.db, run.id, 0)'),
  ]),

  // ── §6 ownership of ids ──────────────────────────────────────────────────────────────────────
  defect('foreign-thread-403', 'isolation', ['C6.4'], "Another user's thread is 403 (forbidden), which tells the id exists, instead of 404.", [
    p('server/thread-routes.ts', "import { notFound, parseWith } from './http-errors';", "import { HttpError, notFound, parseWith } from './http-errors';"),
    p(
      'server/thread-routes.ts',
      "    if (!thread) throw notFound('Thread');\n    return { ...thread, active_run_id",
      `    if (!thread) throw ${anyThread('request.params.id')} ? new HttpError(403, 'FORBIDDEN', 'Not your thread') : notFound('Thread');\n    return { ...thread, active_run_id`,
    ),
  ]),
  defect('foreign-messages-readable', 'isolation', ['C6.4'], "The messages route looks the thread up without its owner: another user's messages are readable.", [
    p(
      'server/thread-routes.ts',
      "    if (!findThread(ctx.db, user.id, request.params.id)) throw notFound('Thread');\n    const page = listMessages(ctx.db, user.id, request.params.id, limit, offset);",
      "    const owner = (ctx.db.prepare('SELECT user_id FROM threads WHERE id = ?').get(request.params.id) as { user_id: string } | undefined)?.user_id;\n    if (!owner) throw notFound('Thread');\n    const page = listMessages(ctx.db, owner, request.params.id, limit, offset);",
    ),
  ]),
  defect('foreign-thread-renamable', 'isolation', ['C6.4'], "Renaming a thread forgets the owner: anyone can rename another user's thread.", [
    p('server/threads.ts', '  const current = findThread(db, userId, threadId);\n  if (!current) return null;\n  const title', "  const owner = (db.prepare('SELECT user_id FROM threads WHERE id = ?').get(threadId) as { user_id: string } | undefined)?.user_id ?? userId;\n  const current = findThread(db, owner, threadId);\n  if (!current) return null;\n  const title"),
    p('server/threads.ts', '    threadId,\n    userId,\n  );\n  return findThread(db, userId, threadId);', '    threadId,\n    owner,\n  );\n  return findThread(db, owner, threadId);'),
  ]),
  defect('thread-list-of-everyone', 'isolation', ['C6.1'], 'The thread list forgets the owner: every user sees every thread.', [
    p('server/threads.ts', 'FROM threads t WHERE t.user_id = ? AND t.deleted_at IS NULL\n', 'FROM threads t WHERE (t.user_id = ? OR 1) AND t.deleted_at IS NULL\n'),
  ]),
  defect('foreign-run-events-readable', 'isolation', ['C6.5'], "GET /api/runs/:id/events looks the run up without its owner: another user's frames are readable.", [
    p('server/run-routes.ts', 'const run = findRun(ctx.db, user.id, request.params.run_id);', "const run = ctx.db.prepare('SELECT id, status FROM runs WHERE id = ?').get(request.params.run_id) as { id: string; status: string } | undefined;"),
  ]),
  defect('execute-in-foreign-thread', 'isolation', ['C6.6'], "POST /api/agent/v2/execute checks only that the thread exists: a run starts in another user's thread.", [
    p('server/run-routes.ts', "if (!findThread(ctx.db, user.id, body.thread_id)) throw notFound('Thread');", `if (!${anyThread('body.thread_id')}) throw notFound('Thread');`),
  ]),
  defect('socket-message-into-foreign-thread', 'isolation', ['C6.7'], "user_message and start_agent check only that the thread exists: a message lands in another user's thread.", [
    p('server/ws-handlers.ts', "  if (!findThread(ctx.db, client.userId, threadId)) return sendError(ctx, client, 'THREAD_NOT_FOUND', 'Thread not found');\n  ctx.engine.start", `  if (!${anyThread('threadId')}) return sendError(ctx, client, 'THREAD_NOT_FOUND', 'Thread not found');\n  ctx.engine.start`),
  ]),
  defect('switch-to-foreign-thread', 'isolation', ['C6.7'], "switch_thread acknowledges another user's thread as if it were the caller's.", [
    p('server/ws-handlers.ts', 'if (!findThread(ctx.db, client.userId, frame.payload.thread_id)) return sendError(', `if (!${anyThread('frame.payload.thread_id')}) return sendError(`),
  ]),
  defect('stop-foreign-run', 'isolation', ['C6.8'], "stop_agent cancels any run in flight, whoever owns it.", [
    p('server/run-engine.ts', 'if (!run || run.userId !== userId) return findRun(', 'if (!run) return findRun('),
  ]),
  defect('resume-foreign-run', 'isolation', ['C6.8'], "resume replays any run, whoever owns it: another user's frames reach the caller.", [
    p('server/ws-handlers.ts', "  if (!findRun(ctx.db, client.userId, runId)) return sendError(ctx, client, 'RUN_NOT_FOUND', 'Run not found');", "  if (!ctx.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId)) return sendError(ctx, client, 'RUN_NOT_FOUND', 'Run not found');"),
  ]),

  // ── §3 WebSocket ─────────────────────────────────────────────────────────────────────────────
  defect('no-golden-path-events', 'realtime', ['C3.2'], 'connection_established lists no golden_path_events.', [
    p('server/ws-routes.ts', 'golden_path_events: [...CRITICAL_EVENTS]', 'golden_path_events: []'),
  ]),
  defect('start-agent-needs-thread', 'pipeline', ['C3.5'], 'start_agent without thread_id no longer creates a thread: it is refused as THREAD_NOT_FOUND.', [
    p('server/ws-handlers.ts', 'const threadId = frame.payload.thread_id ?? createThread(ctx.db, client.userId).id;', "const threadId = frame.payload.thread_id ?? '';"),
  ]),
  defect('switch-thread-unanswered', 'pipeline', ['C3.8'], 'switch_thread is silently swallowed: no acknowledgement.', [
    p('server/ws-handlers.ts', "      ctx.hub.sendToClient(client, { type: 'thread_switched', payload: { thread_id: frame.payload.thread_id } });\n", ''),
  ]),
  defect('stop-agent-wrong-code', 'resilience', ['C3.9'], 'A stopped run ends with agent_error STOPPED, not CANCELLED.', [
    p('server/run-engine.ts', "return { code: ERROR_CODES.cancelled, message: 'The run was cancelled',", "return { code: 'STOPPED', message: 'The run was cancelled',"),
  ]),
  defect('json-parse-wrong-code', 'resilience', ['C3.11'], 'A frame that is not JSON is answered INVALID_MESSAGE, not JSON_PARSE_ERROR.', [
    p('server/ws-messages.ts', "return fail(ERROR_CODES.jsonParse, 'Frame is not valid JSON');", "return fail(ERROR_CODES.invalidMessage, 'Frame is not valid JSON');"),
  ]),
  defect('unknown-type-wrong-code', 'resilience', ['C3.12'], 'An unknown frame type is answered INVALID_MESSAGE, not UNKNOWN_MESSAGE_TYPE.', [
    p('server/ws-messages.ts', 'return fail(ERROR_CODES.unknownType, `Unknown message type:', 'return fail(ERROR_CODES.invalidMessage, `Unknown message type:'),
  ]),
  defect('empty-message-runs', 'resilience', ['C3.13'], 'An empty (blank) message is accepted and starts a run.', [
    p('server/message-rules.ts', "  if (content.trim() === '') return 'Message content is empty';\n", ''),
  ]),
  defect('frame-limit-raised', 'resilience', ['C3.15'], 'The 64 KiB frame limit is raised to 1 MiB: an oversized frame no longer closes the socket with 1009.', [
    p('server/app.ts', 'options: { maxPayload: LIMITS.maxFrameBytes },', 'options: { maxPayload: 16 * LIMITS.maxFrameBytes },'),
  ]),
  defect('heartbeat-never-sent', 'realtime', ['C3.4'], 'Idle sockets never get heartbeat frames: load balancers close them.', [
    p('server/socket-hub.ts', "    this.sendToClient(client, { type: 'heartbeat', timestamp: new Date().toISOString() });\n", ''),
  ]),

  // ── §7 fault API ─────────────────────────────────────────────────────────────────────────────
  defect('faults-not-cleared', 'resilience', ['C7.1'], 'DELETE /__faults answers 204 but clears nothing.', [p('server/faults.ts', '    ctx.faults.clear(user.id);\n', '')]),
  defect('fault-hits-every-run', 'resilience', ['C7.1'], 'An armed fault is never used up: it hits every later run of the user.', [
    p('server/faults.ts', '    this.armed.delete(userId);\n    return faults;', '    return faults;'),
  ]),
  defect('llm-error-ignored', 'resilience', ['C7.2'], 'The llm_error fault is ignored: the run completes as if the model answered.', [
    p('server/run-engine.ts', "if (hasFault(run, 'llm_error')) return Promise.reject(", "if (hasFault(run, 'llm_error') && false) return Promise.reject("),
  ]),
  // ── run frames (§3 envelope, payloads, ordering) ─────────────────────────────────────────────
  defect('thread-times-epoch', 'pipeline', ['C2.2'], 'A new thread carries created_at as epoch milliseconds, not an ISO-8601 time.', [
    p('server/threads.ts', "  const id = randomUUID();\n  const now = new Date().toISOString();\n  db.prepare('INSERT INTO threads", "  const id = randomUUID();\n  const now = String(Date.now());\n  db.prepare('INSERT INTO threads"),
  ]),
  defect('only-newest-socket-follows', 'isolation', ['C3.3'], "A run's frames go only to the user's newest socket: other tabs stay silent.", [
    p('server/socket-hub.ts', 'for (const client of this.socketsOf(userId)) client.runCursors.set(runId, 0);', 'for (const client of this.socketsOf(userId).slice(-1)) client.runCursors.set(runId, 0);'),
  ]),
  defect('user-message-opens-new-thread', 'pipeline', ['C3.6'], 'user_message ignores its thread_id and runs in a new thread.', [
    p('server/ws-handlers.ts', '      startRun(ctx, client, frame.payload.thread_id, frame.payload.content);', '      startRun(ctx, client, createThread(ctx.db, client.userId).id, frame.payload.content);'),
  ]),
  defect('bad-frame-closes-socket', 'resilience', ['C3.16'], 'A bad client frame is answered and then the socket is closed (1003).', [
    p('server/ws-routes.ts', '    if (!parsed.ok) return sendError(ctx, client, parsed.errorCode, parsed.message);', "    if (!parsed.ok) {\n      sendError(ctx, client, parsed.errorCode, parsed.message);\n      return client.socket.close(1003, 'bad frame');\n    }"),
  ]),
  defect('envelope-agent-name-renamed', 'orchestration', ['C3.17'], 'Run frames carry the agent as `agent` instead of `agent_name`.', [
    p('server/run-frames.ts', 'user_id: run.userId, agent_name: agentName, timestamp, seq };', 'user_id: run.userId, agent: agentName, timestamp, seq };'),
  ]),
  defect('thinking-without-step-number', 'orchestration', ['C3.18'], 'agent_thinking leaves out step_number and progress_percentage.', [
    p('server/run-driver.ts', "return { status: 'thinking', reasoning, step_number: stepNumber, progress_percentage: progress };", "return { status: 'thinking', reasoning } as ReturnType<typeof thinking>;"),
  ]),
  defect('thinking-before-started', 'orchestration', ['C3.R1'], "The supervisor's first agent_thinking is sent before its agent_started.", [
    p(
      'server/run-driver.ts',
      "  // Sent synchronously, before the first await: agent_started follows a send at once.\n  act.emit('agent_started', SUPERVISOR,",
      "  act.emit('agent_thinking', SUPERVISOR, { status: 'thinking', reasoning: 'Reading the request', step_number: 0, progress_percentage: 0 });\n  act.emit('agent_started', SUPERVISOR,",
    ),
  ]),
  defect('sub-agent-without-parent', 'orchestration', ['C3.R2'], 'Sub-agents start without parent_agent: the hand-off from the supervisor is not visible.', [
    p('server/run-driver.ts', "act.emit('agent_started', step.agent, { status: 'started', message: step.task, parent_agent: SUPERVISOR });", "act.emit('agent_started', step.agent, { status: 'started', message: step.task });"),
  ]),
  defect('seq-skips-on-chunks', 'realtime', ['C3.R5'], 'seq jumps by 2 on partial_result frames.', [
    p('server/run-engine.ts', '    const seq = run.seq + 1;', "    const seq = run.seq + (type === 'partial_result' ? 2 : 1);"),
  ]),

  // ── §4 web UI ────────────────────────────────────────────────────────────────────────────────
  defect('ui-no-auth-guard', 'auth', ['C4.1'], 'The chat page no longer sends signed-out visitors to /login: only a session that ends goes there, a visitor who never had one stays on the chat.', [
    p('web/src/App.tsx', '  if (!isSignedIn()) return <Redirect to="/login" />;\n', ''),
    p('web/src/api.ts', "  clearTokens();\n  navigate('/login', { replace: true });", "  const hadSession = Boolean(accessToken());\n  clearTokens();\n  if (hadSession) navigate('/login', { replace: true });"),
  ]),
  defect('ui-login-error-not-alert', 'auth', ['C4.2'], 'A failed sign-in shows its message without role=alert: screen readers never announce it.', [
    p('web/src/components/LoginPage.tsx', '<div className="login-error" role="alert">', '<div className="login-error">'),
  ]),
  defect('ui-header-shows-name-only', 'auth', ['C4.3'], 'The header shows the part of the email before the @ only.', [
    p('web/src/components/AppHeader.tsx', "          {email ?? ''}", "          {email?.split('@')[0] ?? ''}"),
  ]),
  defect('ui-thinking-shows-first-reasoning', 'pipeline', ['C4.7'], 'The thinking indicator keeps the first reasoning of a run instead of the latest.', [
    p('web/src/runStore.ts', '        view.reasoning = frame.payload.reasoning;', '        view.reasoning = view.reasoning ?? frame.payload.reasoning;'),
  ]),
  defect('ui-timeline-skips-tools', 'realtime', ['C4.8'], 'The timeline leaves tool_completed frames out ("the tool badge shows them").', [
    p('web/src/runStore.ts', '    const described = describeFrame(frame);\n    if (described) {', "    const described = frame.type === 'tool_completed' ? null : describeFrame(frame);\n    if (described) {"),
  ]),
  defect('ui-connection-always-connected', 'resilience', ['C4.10'], 'The connection badge always says connected, whatever the socket does.', [
    p('web/src/components/ConnectionStatus.tsx', 'data-testid="connection-status" data-state={state}', 'data-testid="connection-status" data-state="connected"'),
  ]),
  defect('ui-retry-does-nothing', 'resilience', ['C4.11'], 'The Retry button of a failed run does nothing.', [
    p('web/src/components/RunError.tsx', 'onClick={onRetry}>', 'onClick={() => undefined}>'),
  ]),
  defect('ui-whitespace-collapsed', 'pipeline', ['C4.16'], 'Message text is shown with its whitespace runs and line breaks collapsed to single spaces.', [
    p('web/src/components/MessageList.tsx', '                {message.content}\n', "                {message.content.replace(/\\s+/g, ' ')}\n"),
  ]),

  // ── §7 fault kinds ───────────────────────────────────────────────────────────────────────────
  defect('tool-error-ignored', 'orchestration', ['C7.3'], 'The tool_error fault is ignored: the tool completes as if nothing failed.', [
    p('server/run-driver.ts', '  const fault = act.takeToolFault();\n', "  const taken = act.takeToolFault();\n  const fault = taken === 'tool_timeout' ? taken : null;\n"),
  ]),
  defect('tool-timeout-ignored', 'orchestration', ['C7.4'], 'The tool_timeout fault is ignored: the tool completes as if nothing failed.', [
    p('server/run-driver.ts', '  const fault = act.takeToolFault();\n', "  const taken = act.takeToolFault();\n  const fault = taken === 'tool_error' ? taken : null;\n"),
  ]),
  defect('db-error-ignored', 'resilience', ['C7.5'], 'The db_error fault is ignored: the answer is stored and nothing is told.', [
    p('server/run-engine.ts', "    if (hasFault(run, 'db_error')) throw new StoreError('injected db_error fault');", "    if (hasFault(run, 'db_error') && false) throw new StoreError('injected db_error fault');"),
  ]),
  defect('ws-drop-ignored', 'resilience', ['C7.6'], "The ws_drop fault is ignored: the user's sockets are never closed.", [
    p('server/run-engine.ts', "    this.hub.closeUser(run.userId, 4000, 'fault injection: ws_drop');", "    void run.userId; // fault injection: ws_drop (closing disabled)"),
  ]),
];
