/**
 * Playwright does not report WebSocket close codes, so the page reports them through a binding:
 * an init script wraps the page's WebSocket constructor before any socket opens.
 */
import type { Page } from '@playwright/test';

let bindingCounter = 0;

export type OnSocketClosed = (url: string, code: number, reason: string) => void;

/** Calls `onClosed` for every socket the page closes from its next navigation on. */
export async function reportCloseCodes(page: Page, onClosed: OnSocketClosed): Promise<void> {
  const binding = `__goldenPathSocketClosed${++bindingCounter}`;
  await Promise.all([
    page.exposeBinding(binding, (_source, url: unknown, code: unknown, reason: unknown) =>
      onClosed(String(url), Number(code), String(reason ?? '')),
    ),
    page.addInitScript({ content: closeHookScript(binding) }),
  ]);
}

/**
 * Runs in the page: wraps the WebSocket constructor so each socket reports its close code.
 * Kept as source text so no transpiler helper (e.g. esbuild's `__name`) leaks into the page.
 */
function closeHookScript(binding: string): string {
  return `(() => {
  const Native = window.WebSocket;
  window.WebSocket = new Proxy(Native, {
    construct(target, args, newTarget) {
      const socket = Reflect.construct(target, args, newTarget);
      socket.addEventListener('close', (event) => {
        const report = window[${JSON.stringify(binding)}];
        if (typeof report === 'function') Promise.resolve(report(socket.url, event.code, event.reason)).catch(() => {});
      });
      return socket;
    },
  });
})();`;
}
