import type { MouseEvent } from 'react';
import type { Thread } from '../../../../contract/http';
import { navigate, threadPath } from '../router';

interface Props {
  threads: Thread[];
  loaded: boolean;
  currentId: string | null;
}

function follow(event: MouseEvent<HTMLAnchorElement>, path: string) {
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(path);
}

export function ThreadSidebar({ threads, loaded, currentId }: Props) {
  return (
    <nav className="sidebar" aria-label="Conversations">
      <button type="button" className="new-chat" data-testid="new-chat-button" onClick={() => navigate('/chat')}>
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <path d="M8 2v12M2 8h12" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        New chat
      </button>
      <h2 className="sidebar-title">Conversations</h2>
      <ul className="thread-list" data-testid="thread-list">
        {threads.map((thread) => (
          <li key={thread.id}>
            <a
              href={threadPath(thread.id)}
              data-testid={`thread-item-${thread.id}`}
              className={thread.id === currentId ? 'thread-item current' : 'thread-item'}
              aria-current={thread.id === currentId ? 'page' : undefined}
              onClick={(e) => follow(e, threadPath(thread.id))}
            >
              {thread.title || 'Untitled conversation'}
            </a>
          </li>
        ))}
      </ul>
      {loaded && threads.length === 0 && <p className="sidebar-empty">No conversations yet.</p>}
    </nav>
  );
}
