/**
 * The normative statements of the target contract (shared/target-contract.md), numbered, as data.
 *
 * Id `C<section>.<n>`: section 2 = HTTP API, 3 = WebSocket (R = the run ordering rules), 4 = web UI,
 * 6 = isolation and safety, 7 = fault API. A clause is checked by every test that declares it
 * (`clauses: ['C3.4']` in `journey({...})`, fixtures/evidence.ts, which becomes the annotation
 * `{ type: 'clause', description: 'C3.4' }`), or it carries `notObservable` with the reason the suite
 * cannot see it from outside. tests/clause-coverage.test.ts fails when a clause has neither, or a
 * test names a clause that is not here. Ids are stable: reports and planted defects key on them.
 */

export type ClauseSection = '2' | '3' | '4' | '6' | '7';

export interface Clause {
  id: string;
  section: ClauseSection;
  /** What is promised, in a few words of our own. */
  summary: string;
  /** Why no test can check it from outside the target; absent = tests must declare it. */
  notObservable?: string;
}

const c = (id: string, summary: string, notObservable?: string): Clause => ({
  id,
  section: id.slice(1, 2) as ClauseSection,
  summary,
  ...(notObservable ? { notObservable } : {}),
});

export const CLAUSES: readonly Clause[] = [
  // §2 HTTP API
  c('C2.1', 'errors are JSON {detail, error_code} with a fitting 4xx/5xx status'),
  c('C2.2', 'times in HTTP bodies are ISO-8601 strings unless stated otherwise'),
  c('C2.3', 'GET /health answers 200 {status:"healthy"} without auth'),
  c('C2.4', 'GET /health/ready answers 200 {status:"ready", version, started_at} once ready'),
  c('C2.5', '/health/ready answers 503 while the target is not ready', 'the suite starts only once the target is ready; a starting target is not visible to it'),
  c('C2.6', 'GET /auth/config answers {development_mode, google_client_id:"", oauth_enabled:false, endpoints{login,refresh,logout}}'),
  c('C2.7', 'POST /auth/login answers {access_token, refresh_token, token_type:"Bearer", expires_in, user{id,email,full_name}}'),
  c('C2.8', 'POST /auth/login with a wrong password answers 401 INVALID_CREDENTIALS'),
  c('C2.9', 'POST /auth/login with a malformed body answers 422'),
  c('C2.10', 'POST /auth/login answers 429 after repeated failures'),
  c('C2.11', 'POST /auth/dev/login is 404 unless ENABLE_DEV_LOGIN=true'),
  c('C2.12', 'POST /auth/validate-token-and-get-user needs Bearer and answers {valid:true, user}; 401 otherwise'),
  c('C2.13', 'POST /auth/refresh answers a new {access_token, refresh_token, expires_in}; refresh tokens rotate'),
  c('C2.14', 'POST /auth/logout answers 204 and revokes the refresh token'),
  c('C2.15', 'GET /auth/me answers the caller {id, email, full_name}'),
  c('C2.16', 'access tokens live expires_in seconds: a token is refused once expired', 'token lifetime is the target\'s setting (15 min by default); the suite checks expires_in against the token\'s own exp claim instead (C2.17)'),
  c('C2.17', 'expires_in of a login or refresh is the access token\'s real lifetime'),
  c('C2.18', 'POST /api/websocket/ticket answers {ticket_id, expires_at, created_at, ttl_seconds, single_use:true, websocket_url}, times in unix seconds'),
  c('C2.19', 'a ticket\'s TTL is at most 300 s, whatever ttl_seconds asks for; it is refused once expired'),
  c('C2.20', 'GET /api/threads answers a JSON array of threads {id, object:"thread", title, created_at, updated_at, metadata, message_count}, newest first'),
  c('C2.21', 'GET /api/threads pages with limit and offset'),
  c('C2.22', 'POST /api/threads creates a thread with the given title and metadata and answers it'),
  c('C2.23', 'GET / PUT / DELETE /api/threads/:id answer the thread / the updated thread / 204'),
  c('C2.24', 'GET /api/threads/:id/messages answers {thread_id, messages[{id, role, content, created_at, metadata}], total, limit, offset}, oldest first'),
  c('C2.25', 'GET /api/threads/:id/messages pages with limit and offset: the pages together are the whole thread, once each'),
  c('C2.26', 'POST /api/agent/v2/execute answers at once {request_id (echoed), success:true, run_id, thread_id}'),
  c('C2.27', 'a run started over REST belongs to the caller: its frames carry the caller\'s user_id and stream to the caller\'s sockets'),
  c('C2.28', 'POST /api/agent/v2/execute applies the message rules (empty, over 10 000 characters) and starts no run for them'),
  c('C2.29', 'GET /api/runs/:run_id/events (ext) answers {run_id, status, events} with the stored frames after after_seq'),

  // §3 WebSocket
  c('C3.1', 'a missing, unknown, expired or used ticket gets error_message AUTH_FAILED, then close 1008'),
  c('C3.2', 'the first frame is connection_established {connection_id, user_id, server_time, golden_path_events[5]}'),
  c('C3.3', 'a user may hold several sockets; each run\'s frames go to every socket of that user'),
  c('C3.4', 'an idle socket gets heartbeat frames {type:"heartbeat", timestamp} (25 s)'),
  c('C3.5', 'start_agent without thread_id creates the thread, stores the user message and starts a run'),
  c('C3.6', 'user_message in an existing thread stores the user message and starts a run'),
  c('C3.7', 'ping is answered with pong {timestamp}'),
  c('C3.8', 'switch_thread is acknowledged and starts no run'),
  c('C3.9', 'stop_agent (ext) cancels the run: it ends with agent_error CANCELLED'),
  c('C3.10', 'resume (ext) re-sends the stored frames with seq > after_seq, then the live ones'),
  c('C3.11', 'invalid JSON is answered with error_message JSON_PARSE_ERROR'),
  c('C3.12', 'an unknown type is answered with error_message UNKNOWN_MESSAGE_TYPE'),
  c('C3.13', 'empty content is answered with error_message INVALID_MESSAGE'),
  c('C3.14', 'content over 10 000 characters is INVALID_MESSAGE; 10 000 characters are accepted'),
  c('C3.15', 'a frame over 64 KiB closes the socket with 1009'),
  c('C3.16', 'no bad client frame closes the socket otherwise or starts a run'),
  c('C3.17', 'every run frame has the envelope {type, run_id, thread_id, user_id, agent_name, timestamp, seq, payload}'),
  c('C3.18', 'each run frame type carries its payload fields (schemas of contract/frames.ts)'),
  c('C3.19', 'the five critical events agent_started, agent_thinking, tool_executing, tool_completed, agent_completed are sent'),
  c('C3.R1', 'a run\'s first frame is the supervisor\'s agent_started'),
  c('C3.R2', 'sub-agents start and complete with parent_agent "supervisor", and send nothing after their agent_completed'),
  c('C3.R3', 'each tool_executing has exactly one later tool_completed with its execution_id, before its agent completes'),
  c('C3.R4', 'a successful run ends with the supervisor\'s agent_completed (final_response) then final_report; a failed one with one agent_error; nothing follows the end'),
  c('C3.R5', 'seq rises by 1, timestamps never go back, run/thread/user ids are constant and user_id is the socket owner\'s'),
  c('C3.R6', 'the user message and the answer are stored: the messages API returns both, the answer equal to final_response'),

  // §4 web UI
  c('C4.1', 'a signed-out visit to /chat… lands on /login'),
  c('C4.2', 'the login form (Email, Password, Sign in) signs in; a failed login shows role=alert'),
  c('C4.3', 'the signed-in header shows the email and a logout button'),
  c('C4.4', 'the sidebar lists the threads (thread-item-<id>) and New chat opens an empty conversation'),
  c('C4.5', 'the message textarea: Enter sends, Shift+Enter is a newline'),
  c('C4.6', 'messages show with data-role user/assistant; the answer grows as partial_result frames arrive'),
  c('C4.7', 'the thinking indicator shows the latest reasoning while a run is active'),
  c('C4.8', 'the timeline shows one agent-event per run frame, with its type and agent'),
  c('C4.9', 'tool-status shows each tool by name with executing/completed/failed'),
  c('C4.10', 'connection-status shows connecting/connected/reconnecting/disconnected'),
  c('C4.11', 'a failed run shows run-error (role=alert) with a Retry button'),
  c('C4.12', 'each frame is rendered when it arrives, not when the run ends'),
  c('C4.13', 'after a dropped socket the UI reconnects with a new ticket and shows reconnecting'),
  c('C4.14', 'the run in flight is recovered after a reconnect or reload (resume), no frame shown twice'),
  c('C4.15', 'message text is rendered as text, never as HTML'),
  c('C4.16', 'the text a user sent and the answer read come back unchanged after a reload'),

  // §6 isolation and safety
  c('C6.1', 'every query is scoped to the caller: lists hold the caller\'s own threads only'),
  c('C6.2', 'ids are unguessable (not sequential, not short)'),
  c('C6.3', 'a frame never reaches a socket of another user'),
  c('C6.4', 'another user\'s thread id is 404 on every thread route (read, messages, rename, delete), never 403, and nothing changes'),
  c('C6.5', 'another user\'s run id is 404 on GET /api/runs/:run_id/events'),
  c('C6.6', 'another user\'s thread id is refused by POST /api/agent/v2/execute (404) and starts no run'),
  c('C6.7', 'another user\'s thread id in user_message, start_agent or switch_thread is refused: no run, nothing stored, nothing leaked'),
  c('C6.8', 'another user\'s run id in stop_agent or resume is refused: the run goes on, none of its frames reach the caller'),
  c('C6.9', 'error bodies never contain passwords, tokens or tickets'),
  c('C6.10', 'the target\'s logs never contain passwords, tokens or tickets', 'the target\'s logs are not visible from outside; the suite keeps its own artifacts clean (GP-25)'),

  // §7 fault API
  c('C7.1', 'POST /__faults arms a fault for the caller\'s next run only; DELETE /__faults clears it'),
  c('C7.2', 'llm_error: the run ends in agent_error'),
  c('C7.3', 'tool_error: a tool completes failed and the run goes on and says so'),
  c('C7.4', 'tool_timeout: a tool completes failed with a timeout'),
  c('C7.5', 'db_error: storing the answer fails and the UI says so'),
  c('C7.6', 'ws_drop: the server closes the user\'s sockets after after_events frames; the run goes on'),
  c('C7.7', 'slow: events come 10× slower', 'how much slower depends on the target\'s pacing; the suite only uses slow to get a long run (GP-19)'),
  c('C7.8', '/__faults is 404 when fault injection is disabled', 'the suite arms faults only where they are enabled; app/test checks the disabled app'),
];

export const clauseById: ReadonlyMap<string, Clause> = new Map(CLAUSES.map((clause) => [clause.id, clause]));

/** The annotation a test carries to declare a clause it checks. */
export function clauseAnnotation(id: string): { type: 'clause'; description: string } {
  return { type: 'clause', description: id };
}

/** Clause ids declared by `clause` annotations, in order, without repeats. */
export function clauseIdsOf(annotations: readonly { type: string; description?: string }[]): string[] {
  const ids: string[] = [];
  for (const a of annotations) {
    if (a.type !== 'clause') continue;
    for (const id of (a.description ?? '').split(/[\s,]+/).filter(Boolean)) if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

export interface DeclaredClauses {
  /** `file › title`. */
  test: string;
  clauseIds: readonly string[];
}

/**
 * Both directions of the mapping: a test naming a clause that does not exist, a clause that is
 * marked not observable yet declared by a test, and an observable clause no test declares.
 */
export function validateClauseCoverage(declared: readonly DeclaredClauses[], clauses: readonly Clause[] = CLAUSES): string[] {
  const byId = new Map(clauses.map((cl) => [cl.id, cl]));
  const errors: string[] = [];
  const covered = new Set<string>();
  for (const { test, clauseIds } of declared) {
    for (const id of clauseIds) {
      const clause = byId.get(id);
      if (!clause) errors.push(`test "${test}" names unknown clause "${id}"`);
      else if (clause.notObservable) errors.push(`test "${test}" declares ${id}, which is marked not observable (${clause.notObservable})`);
      else covered.add(id);
    }
  }
  for (const clause of clauses) {
    if (!clause.notObservable && !covered.has(clause.id)) errors.push(`clause ${clause.id} (${clause.summary}) has no test and no not-observable reason`);
  }
  return errors;
}
