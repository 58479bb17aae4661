import type { ConnectionState } from '../socket';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  disconnected: 'Disconnected',
};

export function ConnectionStatus({ state, onReconnect }: { state: ConnectionState; onReconnect: () => void }) {
  return (
    <div className="connection">
      <span className="connection-status" data-testid="connection-status" data-state={state} role="status">
        <span className="connection-dot" aria-hidden="true" />
        {LABELS[state]}
      </span>
      {state === 'disconnected' && (
        <button type="button" className="button-link" onClick={onReconnect}>
          Reconnect
        </button>
      )}
    </div>
  );
}
