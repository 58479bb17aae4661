import { useLayoutEffect, useRef } from 'react';
import type { TimelineEvent } from '../runStore';

export function AgentTimeline({ events, runId }: { events: TimelineEvent[]; runId: string | null }) {
  const list = useRef<HTMLOListElement>(null);
  useLayoutEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [events]);

  return (
    <ol className="timeline" data-testid="agent-timeline" data-run-id={runId ?? undefined} ref={list}>
      {events.length === 0 && <li className="panel-empty">Agent activity appears here while a run is going.</li>}
      {events.map((event) => (
        <li
          key={event.key}
          className={`timeline-event tone-${event.tone}`}
          data-testid="agent-event"
          data-event-type={event.type}
          data-agent-name={event.agentName}
          data-seq={event.seq}
        >
          <span className="timeline-text">{event.text}</span>
          <span className="timeline-agent">{event.agentName}</span>
          {event.detail && <span className="timeline-detail">{event.detail}</span>}
        </li>
      ))}
    </ol>
  );
}
