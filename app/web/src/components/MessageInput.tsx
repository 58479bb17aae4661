import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { LIMITS } from '../../../../contract/events';

interface Props {
  busy: boolean;
  onSend: (text: string) => void;
}

export function MessageInput({ busy, onSend }: Props) {
  const [text, setText] = useState('');
  const field = useRef<HTMLTextAreaElement>(null);
  const canSend = !busy && text.trim().length > 0;

  useEffect(() => {
    if (!busy) field.current?.focus();
  }, [busy]);

  function submit() {
    if (!canSend) return;
    onSend(text.trim());
    setText('');
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <div className="composer-wrap">
      <form
        className="composer"
        data-testid="message-input"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <textarea
          ref={field}
          id="message-input"
          data-testid="message-textarea"
          aria-label="Message input"
          rows={2}
          maxLength={LIMITS.maxMessageChars}
          placeholder={busy ? 'Agent is working…' : 'Ask about usage, cost or latency…'}
          disabled={busy}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button
          type="submit"
          className="send-button"
          data-testid="send-button"
          aria-label="Send message"
          disabled={!canSend}
        >
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
            <path d="M4 12l16-8-6 16-2.5-6.5L4 12z" fill="currentColor" />
          </svg>
        </button>
      </form>
      <p className="composer-hint">Enter to send · Shift+Enter for a new line</p>
    </div>
  );
}
