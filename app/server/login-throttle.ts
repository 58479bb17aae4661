/** Counts failed logins per email+IP; the sixth attempt within a minute of five failures is refused. */
const WINDOW_MS = 60_000;
const MAX_FAILURES = 5;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  /** Seconds to wait, or 0 when this email+IP may try again. */
  retryAfterSeconds(email: string, ip: string): number {
    const recent = this.recentFailures(keyOf(email, ip));
    if (recent.length < MAX_FAILURES) return 0;
    return Math.max(1, Math.ceil((recent[0]! + WINDOW_MS - Date.now()) / 1000));
  }

  recordFailure(email: string, ip: string): void {
    const key = keyOf(email, ip);
    this.failures.set(key, [...this.recentFailures(key), Date.now()]);
    if (this.failures.size > 10_000) this.prune();
  }

  recordSuccess(email: string, ip: string): void {
    this.failures.delete(keyOf(email, ip));
  }

  private recentFailures(key: string): number[] {
    const cutoff = Date.now() - WINDOW_MS;
    return (this.failures.get(key) ?? []).filter((t) => t > cutoff);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recentFailures(key).length === 0) this.failures.delete(key);
    }
  }
}

function keyOf(email: string, ip: string): string {
  return `${email.trim().toLowerCase()}|${ip}`;
}
