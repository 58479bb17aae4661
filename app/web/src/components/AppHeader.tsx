import type { ConnectionState } from '../socket';
import { ConnectionStatus } from './ConnectionStatus';

interface Props {
  email: string | null;
  connection: ConnectionState;
  onReconnect: () => void;
  onLogout: () => void;
}

export function AppHeader({ email, connection, onReconnect, onLogout }: Props) {
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Agent Chat
      </div>
      <div className="header-right">
        <ConnectionStatus state={connection} onReconnect={onReconnect} />
        <span className="user-email" data-testid="user-email">
          {email ?? ''}
        </span>
        <button type="button" className="button-ghost" data-testid="logout-button" onClick={onLogout}>
          Log out
        </button>
      </div>
    </header>
  );
}
