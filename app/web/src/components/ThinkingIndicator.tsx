export function ThinkingIndicator({ reasoning }: { reasoning: string | null }) {
  return (
    <div className="thinking" data-testid="thinking-indicator" role="status" aria-live="polite">
      <span className="thinking-dots" aria-hidden="true">
        <i />
        <i />
        <i />
      </span>
      <span className="thinking-text">{reasoning ?? 'Working…'}</span>
    </div>
  );
}
