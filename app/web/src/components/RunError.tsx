import type { RunErrorInfo } from '../runStore';

export function RunError({ error, onRetry }: { error: RunErrorInfo; onRetry: () => void }) {
  return (
    <div className="run-error" data-testid="run-error" role="alert">
      <div>
        <strong>The run failed.</strong> <span className="run-error-message">{error.message}</span>
        <span className="run-error-code">{error.code}</span>
      </div>
      <button type="button" className="button-danger" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
