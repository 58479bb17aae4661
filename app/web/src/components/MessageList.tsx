import { useLayoutEffect, useRef } from 'react';
import type { ChatMessage } from '../runStore';

export function MessageList({ messages }: { messages: ChatMessage[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages]);

  return (
    <div className="messages-scroll" ref={scroller}>
      {messages.length === 0 ? (
        <div className="empty-chat">
          <h2>What would you like to know?</h2>
          <p className="muted">
            Ask about your AI usage, spend or latency, for example “Show my token usage last week” or “How can I
            reduce my inference cost?”
          </p>
        </div>
      ) : (
        <ol className="message-list" aria-label="Messages">
          {messages.map((message) => (
            <li key={message.key} className={`message-row ${message.role}`}>
              <span className="avatar" aria-hidden="true">
                {message.role === 'user' ? 'You' : 'AI'}
              </span>
              {/* Text only: content is never interpreted as HTML. */}
              <div
                className={message.streaming ? 'message streaming' : 'message'}
                data-testid="message"
                data-role={message.role}
              >
                {message.content}
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
