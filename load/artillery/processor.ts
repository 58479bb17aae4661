/**
 * Artillery's processor (bundled by Artillery with esbuild): the functions its scenarios name.
 * Protocol users run on the HTTP engine's `function` steps, browser users on the Playwright engine.
 */
import { appendFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { browserUser } from '../browser-user';
import { LoadFailure, newUserState, ProtocolUsers, type MetricEvents, type SignedIn } from '../protocol-user';
import { METRIC, readRunContext } from '../run-context';

type Done = (error?: Error) => void;
interface VuContext {
  vars: Record<string, unknown>;
}

let users: ProtocolUsers | undefined;
let seeded = false;
const worker = (context?: VuContext) => {
  users ??= new ProtocolUsers(readRunContext());
  if (context && !seeded) {
    users.seed(context.vars[SIGNED_IN] as SignedIn | undefined);
    seeded = true;
  }
  return users;
};
const SIGNED_IN = 'loadSignedIn';
const MAX_NOTED = 50;
let noted = 0;

/** A problem worded for the report: into E2E_LOAD_PROBLEMS_FILE when `npm run load` set one, else the log. */
function note(problem: string): void {
  if (noted++ >= MAX_NOTED) return;
  const file = process.env.E2E_LOAD_PROBLEMS_FILE;
  if (file) appendFileSync(file, `${JSON.stringify(problem)}\n`);
  else console.error(`load: ${problem}`);
}

function stateOf(context: VuContext) {
  return (context.vars.loadUser ??= newUserState()) as ReturnType<typeof newUserState>;
}

/** Counts the failure by kind, closes the user (audit and clean-up included) and fails the VU. */
async function fail(context: VuContext, events: MetricEvents, error: unknown): Promise<Error> {
  const failure = error instanceof LoadFailure ? error : new LoadFailure('other', (error as Error).message);
  events.emit('counter', `${METRIC.runsFailed}.${failure.code}`, 1);
  note(`${failure.code}: ${failure.message}`);
  await finish(context, events).catch(() => undefined);
  return Object.assign(new Error(failure.message), { code: failure.code });
}

async function finish(context: VuContext, events: MetricEvents): Promise<void> {
  for (const sample of await worker().close(stateOf(context), events)) note(sample);
}

function step(body: (context: VuContext, events: MetricEvents) => Promise<void>) {
  return (context: VuContext, events: MetricEvents, done: Done) => {
    body(context, events).then(
      () => done(),
      async (error: unknown) => done(await fail(context, events, error)),
    );
  };
}

/** The `before` hook: every user signed in once, before the first phase. */
export function signInUsers(context: VuContext, _events: MetricEvents, done: Done): void {
  worker()
    .signInAll()
    .then((signedIn) => {
      context.vars[SIGNED_IN] = signedIn;
      done();
    }, done);
}

export const protocolConnect = step((context, events) => worker(context).connect(stateOf(context), events));
export const protocolRun = step((context, events) => worker().run(stateOf(context), events));
export const protocolClose = step(finish);

export async function browserJourney(page: Page, context: VuContext, events: MetricEvents): Promise<void> {
  const pace = { runs: Number(context.vars.runsPerUser ?? 1), thinkMs: Number(context.vars.thinkSeconds ?? 0) * 1000 };
  try {
    await browserUser(page, worker(context), events, pace);
  } catch (error) {
    const failure = error instanceof LoadFailure ? error : new LoadFailure('other', (error as Error).message);
    events.emit('counter', `${METRIC.runsFailed}.${failure.code}`, 1);
    note(`browser user, ${failure.code}: ${failure.message}`);
    throw Object.assign(new Error(failure.message), { code: failure.code });
  }
}
