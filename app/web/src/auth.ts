/** Token storage. Key names follow the Netra frontend so either UI can share a session. */
const ACCESS_KEY = 'jwt_token';
const REFRESH_KEY = 'refresh_token';

export function accessToken(): string | null {
  return window.localStorage.getItem(ACCESS_KEY);
}

export function refreshToken(): string | null {
  return window.localStorage.getItem(REFRESH_KEY);
}

export function storeTokens(access: string, refresh: string): void {
  window.localStorage.setItem(ACCESS_KEY, access);
  window.localStorage.setItem(REFRESH_KEY, refresh);
}

export function clearTokens(): void {
  window.localStorage.removeItem(ACCESS_KEY);
  window.localStorage.removeItem(REFRESH_KEY);
}

export function isSignedIn(): boolean {
  return accessToken() !== null;
}
