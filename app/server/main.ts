/** `npm run app`: settings from the environment → UI built → server listening → graceful shutdown. */
import { type RunningApp, startApp } from './app';
import { OptionsError, optionsFromEnv } from './options';
import { ensureUiBuilt } from './ui-build';

const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const options = optionsFromEnv();
  if (options.users.length === 0) console.warn('warning: APP_USERS is empty, so nobody can sign in');
  const ui = await ensureUiBuilt();
  if (ui.status === 'failed') console.error(`error: the UI build failed, UI routes will answer 503: ${ui.message}`);
  const app = await startApp({
    ...options,
    uiUnavailableReason: ui.status === 'failed' ? `The reference app UI failed to build: ${ui.message}` : undefined,
  });
  console.log(`reference app listening on ${app.url}`);
  shutDownOnSignals(app);
}

function shutDownOnSignals(app: RunningApp): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1); // a second signal: stop waiting
    stopping = true;
    console.log(`${signal} received, shutting down`);
    setTimeout(() => {
      console.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('shutdown failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof OptionsError ? err.message : err);
  process.exit(err instanceof OptionsError ? 2 : 1);
});
