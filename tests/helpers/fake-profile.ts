/** A target profile for unit tests: canonical frames, plus Netra's `data` envelope and `event_batch`. */
import type { Capabilities, NormalizedFrame } from '../../profiles/types';
import type { CaptureProfile } from '../../harness/capture/frame-capture';

export const ALL_CAPABILITIES: Capabilities = {
  seq: true,
  resume: true,
  faults: true,
  finalReport: true,
  history: true,
  runEventsApi: true,
  stopAgent: true,
  passwordLogin: true,
  eventTimeline: true,
  scriptedModel: true,
};

const CLIENT_ALIASES: Record<string, string> = { chat_message: 'user_message', execute_agent: 'start_agent' };

function normalize(raw: unknown): NormalizedFrame[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [];
  const frame = raw as Record<string, unknown>;
  if (frame.type === 'event_batch' && Array.isArray(frame.events)) return frame.events.flatMap(normalize);
  if (frame.type === 'noise') return [];
  if ('data' in frame && !('payload' in frame)) {
    const { data, ...rest } = frame;
    return [{ frame: { ...rest, payload: data }, variant: 'data' }];
  }
  return [{ frame, variant: 'canonical' }];
}

export function fakeProfile(capabilities: Partial<Capabilities> = {}): CaptureProfile {
  return {
    capabilities: { ...ALL_CAPABILITIES, ...capabilities },
    normalizeServerFrame: normalize,
    clientFrameType(raw) {
      const type = (raw as { type?: unknown } | null)?.type;
      if (typeof type !== 'string') return null;
      return CLIENT_ALIASES[type] ?? (['start_agent', 'user_message', 'ping', 'resume', 'stop_agent'].includes(type) ? type : null);
    },
    isRestSend: (method, url) => method === 'POST' && new URL(url).pathname === '/api/agent/v2/execute',
    isChatSocket: (url) => new URL(url).pathname === '/ws',
  };
}
