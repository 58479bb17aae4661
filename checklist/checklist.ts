/**
 * The release sign-off checklist: what a GO verdict certifies about the target.
 *
 * A test proves an item by carrying the annotation `{ type: 'checklist', description: 'GP-04' }`
 * (see `journey({ proves })` in harness/evidence/annotations.ts). The sign-off reporter
 * turns the results of those tests into the verdict: every `blocking` item must pass.
 *
 * Blocking means "a user of the release would be hurt or exposed": the golden path itself,
 * isolation, auth and secrets, and the recoveries whose failure loses or misreports a user's work.
 * Some items can only be exercised where the target offers the fault API and faults may be armed
 * (a private target, not a shared staging): they say what they `need`. Where their tests skip
 * because the target cannot exercise them, the sign-off shows them as "not applicable here", apart,
 * with the reason: never passed, never blocking by themselves. Where they can be exercised, a
 * blocking one blocks like any other.
 */

/** The annotation of a test skipped because the target cannot exercise it (harness/evidence/signoff-marks.ts `skipAsNotApplicable`). */
export const NOT_APPLICABLE_ANNOTATION = 'not-applicable';

export type ChecklistArea =
  | 'auth'
  | 'connection'
  | 'golden-path'
  | 'realtime'
  | 'contract'
  | 'orchestration'
  | 'persistence'
  | 'resilience'
  | 'isolation'
  | 'performance'
  | 'security';

export interface ChecklistItem {
  /** `GP-` and two digits; stable across releases (reports and history key on it). */
  id: string;
  title: string;
  /** Why it matters: what a user sees when it breaks. */
  why: string;
  /** A failed, flaky, skipped or untested blocking item makes the verdict NO-GO (unless it is not applicable here). */
  blocking: boolean;
  area: ChecklistArea;
  /** Why the item blocks the release, or does not, where `why` alone does not settle it. */
  policy?: string;
  /**
   * What the target must offer to exercise the item, on items some targets cannot exercise. Where
   * every test of such an item was skipped as not applicable, the item is "not applicable here"
   * instead of skipped.
   */
  needs?: string;
}

/** Where the fault journeys can run: the embedded app, or a private target with E2E_ALLOW_FAULTS=true. */
const NEEDS_FAULTS = "the target's fault API, and permission to arm faults (E2E_ALLOW_FAULTS)";

export const CHECKLIST: readonly ChecklistItem[] = [
  {
    id: 'GP-01',
    title: 'A user signs in through the UI and reaches the chat',
    why: 'Every journey starts here: a broken sign-in page or a down auth service locks every user out.',
    blocking: true,
    area: 'auth',
  },
  {
    id: 'GP-02',
    title: 'The WebSocket connects within the budget (≤ 2 s) and the UI shows "connected"',
    why: 'Without a socket no agent event reaches the user; load balancers stripping auth on the upgrade and 1011 handshake races broke this before.',
    blocking: true,
    area: 'connection',
  },
  {
    id: 'GP-03',
    title: 'A sent message starts the agent: agent_started within the budget (≤ 5 s after send)',
    why: 'Messages were acknowledged as sent while no agent ever started: the user waits forever with no feedback.',
    blocking: true,
    area: 'golden-path',
  },
  {
    id: 'GP-04',
    title: 'The five critical events are delivered and rendered live, in order',
    why: 'agent_started, agent_thinking, tool_executing, tool_completed and agent_completed are how the user sees the agent work; rendered only at the end, the product looks frozen.',
    blocking: true,
    area: 'realtime',
  },
  {
    id: 'GP-05',
    title: 'Every frame is valid against the contract schemas',
    why: 'Contract drift (renamed fields, other envelopes) makes the UI drop or misrender events without any error.',
    blocking: true,
    area: 'contract',
  },
  {
    id: 'GP-06',
    title: 'Run ordering rules hold (seq +1, one tool_completed per tool_executing, nothing after the end, one run/thread/user id)',
    why: 'Out-of-order or orphan frames leave tools spinning forever and answers attached to the wrong run.',
    blocking: true,
    area: 'contract',
  },
  {
    id: 'GP-07',
    title: 'Tool names are shown for every tool call (never "unknown_tool")',
    why: 'A known regression of the platform: users could not tell what the agent was doing.',
    blocking: true,
    area: 'golden-path',
  },
  {
    id: 'GP-08',
    title: 'The rendered answer equals final_response, the run ends within 60 s and the UI leaves the running state',
    why: 'The answer is the product; a UI stuck on "Running"/"Sending…" after completion blocks the next message.',
    blocking: true,
    area: 'golden-path',
  },
  {
    id: 'GP-09',
    title: 'The conversation persists across a reload (user message and answer come back)',
    why: 'Users reload and come back later; a lost conversation loses their work.',
    blocking: true,
    area: 'persistence',
  },
  {
    id: 'GP-10',
    title: 'The supervisor hands off to its sub-agents (parent_agent set) and gathers their results',
    why: 'Orchestration is how the answer is built; a broken hand-off yields empty or partial answers.',
    blocking: true,
    area: 'orchestration',
  },
  {
    id: 'GP-11',
    title: 'A failing tool is reported to the user and the run goes on',
    why: 'Tools fail in production; the user must see it and still get an answer that says so.',
    blocking: true,
    area: 'resilience',
    policy:
      'Blocking where it can be tested: a failing tool that sinks the run, or spins as "executing" forever, loses the answer the user asked for.',
    needs: NEEDS_FAULTS,
  },
  {
    id: 'GP-12',
    title: 'A model failure is shown to the user with a Retry that works',
    why: 'LLM providers fail regularly; a silent failure or a dead Retry button strands the user.',
    blocking: true,
    area: 'resilience',
    policy:
      'Blocking where it can be tested: a model failure shown as nothing, or a Retry that does not work, loses the user\'s request.',
    needs: NEEDS_FAULTS,
  },
  {
    id: 'GP-13',
    title: 'After a dropped socket the UI reconnects and the run completes without lost or duplicated frames',
    why: 'Proxies and networks drop sockets mid-run; users must not lose the answer or see events twice.',
    blocking: true,
    area: 'resilience',
    policy:
      'Blocking: lost or repeated frames misreport the agent\'s work. One test cuts the socket from the browser side and runs everywhere; the server-side drop needs the fault API.',
    needs: NEEDS_FAULTS,
  },
  {
    id: 'GP-14',
    title: 'Reloading the page mid-run recovers the run in flight',
    why: 'Users reload when a run looks slow; the run must pick up where it was.',
    blocking: false,
    area: 'resilience',
    policy:
      'Non-blocking: the run goes on and is stored while the page reloads, so a reload that loses the progress on screen loses no work (the stored answer comes back, GP-09).',
    needs: `${NEEDS_FAULTS}; resuming a run after a reload (contract extension: resume)`,
  },
  {
    id: 'GP-15',
    title: 'Going offline and back online recovers the connection and the run',
    why: 'Laptops sleep and Wi-Fi drops; the UI must say it is offline and recover by itself.',
    blocking: false,
    area: 'resilience',
    policy: 'Non-blocking: a connection that does not come back by itself is recovered by a reload, which loses no work (the run goes on and is stored); losing or repeating frames on the way counts against GP-13, which blocks.',
  },
  {
    id: 'GP-16',
    title: 'A database failure is told to the user (no silent loss of the answer)',
    why: 'An answer that was shown but never stored disappears on reload; the user must be told.',
    blocking: true,
    area: 'resilience',
    policy:
      'Blocking where it can be tested: an answer shown as saved that was never stored is lost work the user does not know about.',
    needs: NEEDS_FAULTS,
  },
  {
    id: 'GP-17',
    title: 'Users are isolated: no frame or content of one user reaches another; other users\' thread URLs are 404',
    why: 'Cross-user delivery is a data leak: a release that has it must not ship.',
    blocking: true,
    area: 'isolation',
  },
  {
    id: 'GP-18',
    title: 'Every open tab of the same user receives the run live',
    why: 'Users keep several tabs; a tab that never updates looks broken.',
    blocking: false,
    area: 'realtime',
  },
  {
    id: 'GP-19',
    title: 'Long runs keep the socket alive (heartbeats, no idle close)',
    why: 'Idle timeouts on load balancers close quiet sockets in the middle of long runs.',
    blocking: false,
    area: 'connection',
    policy:
      'Non-blocking: a socket closed on a long run is what GP-13 recovers without loss (that item blocks); this item only says the close should not happen.',
    needs: NEEDS_FAULTS,
  },
  {
    id: 'GP-20',
    title: 'SLA budgets hold with 10+ concurrent users, with no cross-user delivery',
    why: 'The platform\'s own targets: connect ≤ 2 s, first event ≤ 5 s, run ≤ 60 s for 10+ users at once.',
    blocking: true,
    area: 'performance',
  },
  {
    id: 'GP-21',
    title: 'A wrong password is refused with a visible error and no session',
    why: 'Accepting bad credentials is an account takeover; a silent refusal leaves users stuck.',
    blocking: true,
    area: 'auth',
  },
  {
    id: 'GP-22',
    title: 'A signed-out visit to /chat lands on /login',
    why: 'The auth guard is what keeps signed-out visitors away from conversations.',
    blocking: true,
    area: 'auth',
  },
  {
    id: 'GP-23',
    title: 'Logout ends the session (back to login, refresh token revoked, API refuses the old token)',
    why: 'On shared machines a session that survives logout exposes the previous user\'s conversations.',
    blocking: true,
    area: 'auth',
  },
  {
    id: 'GP-24',
    title: 'WebSocket tickets are single-use (a reused ticket is refused with AUTH_FAILED / 1008)',
    why: 'A replayable ticket lets anyone who saw a URL open a socket as that user.',
    blocking: true,
    area: 'auth',
  },
  {
    id: 'GP-25',
    title: 'Secrets never appear in artifacts (traces, frames, logs, reports)',
    why: 'Passwords, tokens and tickets in shared CI artifacts are credentials handed to everyone who can read them.',
    blocking: true,
    area: 'security',
  },
  {
    id: 'GP-26',
    title: 'Refresh tokens rotate (a refresh returns a new pair; the spent token is refused)',
    why: 'A refresh token that can be spent again lets a stolen copy keep the session alive after the user moves on.',
    blocking: true,
    area: 'auth',
  },
  {
    id: 'GP-27',
    title: 'Bad client frames are answered with error_message; the socket stays open, answers ping and starts no run',
    why: 'A client bug or a hostile page that sends garbage must not take the connection down or start runs nobody asked for.',
    blocking: false,
    area: 'contract',
  },
];

export const checklistById: ReadonlyMap<string, ChecklistItem> = new Map(
  CHECKLIST.map((item) => [item.id, item]),
);

/** The annotation a test carries to declare the checklist item it proves. */
export function checklistAnnotation(id: string): { type: 'checklist'; description: string } {
  return { type: 'checklist', description: id };
}

/** What one test declares: its title (path) and the checklist ids of its annotations. */
export interface DeclaredChecklistIds {
  testTitle: string;
  ids: readonly string[];
}

export type ChecklistCoverageError =
  | { kind: 'uncovered-item'; itemId: string; message: string }
  | { kind: 'unknown-item'; itemId: string; testTitle: string; message: string };

/**
 * Errors of the coverage between the checklist and the tests: an item no test proves,
 * and a test naming an item that does not exist. Unknown ids come first (always an error),
 * then uncovered items in checklist order.
 */
export function validateChecklistCoverage(
  declaredIdsPerTest: readonly DeclaredChecklistIds[],
): ChecklistCoverageError[] {
  const errors: ChecklistCoverageError[] = [];
  const covered = new Set<string>();
  for (const { testTitle, ids } of declaredIdsPerTest) {
    for (const id of new Set(ids)) {
      if (checklistById.has(id)) {
        covered.add(id);
        continue;
      }
      errors.push({
        kind: 'unknown-item',
        itemId: id,
        testTitle,
        message: `test "${testTitle}" names unknown checklist item "${id}" (known: ${CHECKLIST[0]?.id}…${CHECKLIST.at(-1)?.id})`,
      });
    }
  }
  for (const item of CHECKLIST) {
    if (!covered.has(item.id)) {
      errors.push({
        kind: 'uncovered-item',
        itemId: item.id,
        message: `checklist item ${item.id} (${item.title}) has no test`,
      });
    }
  }
  return errors;
}
