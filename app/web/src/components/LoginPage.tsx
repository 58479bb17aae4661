import { useState, type FormEvent } from 'react';
import { ApiError, login } from '../api';
import { storeTokens } from '../auth';
import { navigate } from '../router';

export function LoginPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await login(email.trim(), password);
      storeTokens(session.access_token, session.refresh_token);
      navigate('/chat');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not reach the server. Check your connection.');
      setBusy(false);
    }
  }

  return (
    <main className="login-page">
      <form className="login-card" onSubmit={submit} aria-busy={busy}>
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Agent Chat
        </div>
        <h1>Sign in</h1>
        <p className="muted">Use the account your administrator gave you.</p>
        <label htmlFor="login-email">Email</label>
        <input
          id="login-email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="login-password">Password</label>
        <input
          id="login-password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error && (
          <div className="login-error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" className="button-primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
