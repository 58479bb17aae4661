import { useEffect, useState } from 'react';
import { ApiError } from '../api';
import { isBusy } from '../runStore';
import { ChatSession } from '../session';
import { useStore } from '../store';
import { AgentTimeline } from './AgentTimeline';
import { AppHeader } from './AppHeader';
import { MessageInput } from './MessageInput';
import { MessageList } from './MessageList';
import { RunError } from './RunError';
import { ThinkingIndicator } from './ThinkingIndicator';
import { ThreadSidebar } from './ThreadSidebar';
import { ToolStatusList } from './ToolStatusList';

export function ChatPage({ threadId }: { threadId: string | null }) {
  const [session] = useState(() => new ChatSession());
  const state = useStore(session.store);
  const [creating, setCreating] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);

  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);

  useEffect(() => {
    setSendError(null);
    if (threadId) void session.openThread(threadId);
  }, [session, threadId]);

  const view = threadId ? state.views[threadId] : undefined;
  const running = Boolean(view?.activeRunId);
  const title = threadId ? (state.threads.find((t) => t.id === threadId)?.title ?? null) : null;

  useEffect(() => {
    document.title = title ? `${title} · Agent Chat` : 'Agent Chat';
  }, [title]);

  async function send(text: string) {
    setSendError(null);
    if (threadId) {
      session.sendMessage(threadId, text);
      return;
    }
    setCreating(true);
    try {
      await session.startThread(text);
    } catch (error) {
      setSendError(error instanceof ApiError ? error.message : 'Could not start a conversation. Try again.');
    } finally {
      setCreating(false);
    }
  }

  return (
    <div className="app-shell">
      <AppHeader
        email={state.user?.email ?? null}
        connection={state.connection}
        onReconnect={() => session.reconnect()}
        onLogout={() => void session.logout()}
      />
      <ThreadSidebar threads={state.threads} loaded={state.threadsLoaded} currentId={threadId} />

      <main className="chat">
        <div className="chat-title">
          <h1>{threadId ? (title ?? 'Conversation') : 'New conversation'}</h1>
        </div>
        {view?.load === 'missing' ? (
          <div className="notice">This conversation does not exist, or it belongs to someone else.</div>
        ) : view?.load === 'failed' ? (
          <div className="notice">This conversation could not be loaded. Reload the page to try again.</div>
        ) : (
          <MessageList messages={view?.messages ?? []} />
        )}
        <div className="chat-footer">
          {(running || view?.awaitingRun) && <ThinkingIndicator reasoning={view?.reasoning ?? null} />}
          {view?.error && threadId && <RunError error={view.error} onRetry={() => session.retry(threadId)} />}
          {sendError && (
            <div className="notice notice-error" role="alert">
              {sendError}
            </div>
          )}
          <MessageInput busy={creating || isBusy(view) || view?.load === 'loading'} onSend={(text) => void send(text)} />
        </div>
      </main>

      <aside className="activity" aria-label="Agent activity">
        <section>
          <h2 className="panel-title">Tools</h2>
          <ToolStatusList tools={view?.tools ?? []} />
        </section>
        <section className="timeline-section">
          <h2 className="panel-title">Timeline</h2>
          <AgentTimeline events={view?.events ?? []} runId={view?.runId ?? null} />
        </section>
      </aside>
    </div>
  );
}
