/** What a frame capture records: frames, sockets, markers, sends, and the order they happened in. */
import type { TargetProfile } from '../../profiles/types';

export type CaptureProfile = Pick<
  TargetProfile,
  'normalizeServerFrame' | 'clientFrameType' | 'isRestSend' | 'isChatSocket' | 'capabilities'
>;
export type CanonicalFrame = Record<string, unknown>;

export interface CapturedFrame {
  /** Position in `frames`. */
  index: number;
  socketIndex: number;
  direction: 'in' | 'out';
  /** Arrival time, Date.now() ms. */
  at: number;
  raw: string;
  parsed?: unknown;
  /** Server frames: the profile's canonical frame. Client frames: the frame with its canonical type. */
  canonical?: CanonicalFrame;
  /** Envelope variant the profile recognised ('canonical', 'data', 'flat', … or 'alias <type>' for client frames). */
  variant?: string;
}

export interface FrameViolation {
  frameIndex: number;
  type: string;
  /** Dotted path of the offending field, e.g. 'payload.execution_id'; '' for the whole frame. */
  path: string;
  message: string;
  /** The contract clause the frame breaks (contract/frames.ts `frameClauseOf`), for a server frame. */
  clause?: string;
}

export interface SocketRecord {
  index: number;
  /** Redacted: the ticket is `[redacted]`. */
  url: string;
  openedAt: number;
  closedAt?: number;
  /** Known only when `attach` could hook the page's WebSocket before the socket opened. */
  closeCode?: number;
  closeReason?: string;
  error?: string;
  /** `payload.user_id` of the socket's connection_established. */
  ownerUserId?: string;
}

export interface Marker {
  index: number;
  label: string;
  at: number;
  /** Index the next captured frame gets. */
  frameIndex: number;
  /** Index the next send record gets. */
  sendIndex: number;
}

export interface SendRecord {
  index: number;
  path: 'websocket' | 'rest';
  at: number;
  /** WebSocket sends: the captured client frame. */
  frameIndex?: number;
  /** REST sends. URL redacted. */
  method?: string;
  url?: string;
  status?: number | 'failed';
}

export type SendPath = 'websocket' | 'rest' | 'none';

export type TimelineEntry =
  | { kind: 'frame'; at: number; frameIndex: number }
  | { kind: 'marker'; at: number; markerIndex: number }
  | { kind: 'socket-open'; at: number; socketIndex: number }
  | { kind: 'socket-close'; at: number; socketIndex: number }
  | { kind: 'socket-error'; at: number; socketIndex: number; message: string }
  | { kind: 'rest-send'; at: number; sendIndex: number };

export type FramePredicate = (frame: CanonicalFrame, captured: CapturedFrame) => boolean;

export interface WaitOptions {
  timeout?: number;
  /** What is awaited, for the timeout message: 'agent_completed of supervisor for run r-1'. */
  description: string;
  /** Only frames at or after this capture index count. */
  fromFrameIndex?: number;
}

export interface AttachOptions {
  /** Hook `window.WebSocket` in the page to learn close codes (default true). Needs attach before navigation. */
  closeCodes?: boolean;
}
