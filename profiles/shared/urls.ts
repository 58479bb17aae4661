/** URL checks shared by the profiles' send-path and socket recognisers. */

/** Path of an absolute or relative URL ('' when it cannot be parsed). */
export function urlPath(url: string): string {
  try {
    return new URL(url, 'http://relative.invalid').pathname;
  } catch {
    return '';
  }
}

export function isPost(method: string): boolean {
  return method.toUpperCase() === 'POST';
}

/** `/chat` or `/chat/<threadId>`. */
export function isChatPath(url: URL): boolean {
  return /^\/chat(\/|$)/.test(url.pathname);
}

export function isLoginPath(url: URL): boolean {
  return /^\/login(\/|$)/.test(url.pathname);
}
