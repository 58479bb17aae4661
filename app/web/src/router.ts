import { useSyncExternalStore } from 'react';

const NAVIGATE_EVENT = 'app:navigate';

export type Route =
  | { name: 'login' }
  | { name: 'chat'; threadId: string | null }
  | { name: 'other' };

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname) return;
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/login') return { name: 'login' };
  if (path === '/chat') return { name: 'chat', threadId: null };
  const thread = /^\/chat\/([^/]+)$/.exec(path);
  if (thread?.[1]) return { name: 'chat', threadId: decodeURIComponent(thread[1]) };
  return { name: 'other' };
}

export const threadPath = (threadId: string): string => `/chat/${encodeURIComponent(threadId)}`;
