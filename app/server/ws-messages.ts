/** Parses and validates client frames, mapping Netra's aliases onto the contract's types. */
import { CLIENT_FRAME_TYPES, ERROR_CODES } from '../../contract/events';
import { type ClientFrame, clientFrame } from '../../contract/frames';
import { messageProblem } from './message-rules';

export type ParsedFrame = { ok: true; frame: ClientFrame } | { ok: false; errorCode: string; message: string };

const ALIASES: Record<string, string> = {
  chat_message: 'user_message',
  user_input: 'user_message',
  message: 'user_message',
  execute_agent: 'start_agent',
};

export function parseClientFrame(text: string): ParsedFrame {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail(ERROR_CODES.jsonParse, 'Frame is not valid JSON');
  }
  if (!isObject(parsed) || typeof parsed.type !== 'string') return fail(ERROR_CODES.unknownType, 'Frame has no type');
  const type = ALIASES[parsed.type] ?? parsed.type;
  if (!(CLIENT_FRAME_TYPES as readonly string[]).includes(type)) {
    return fail(ERROR_CODES.unknownType, `Unknown message type: ${parsed.type.slice(0, 64)}`);
  }
  const result = clientFrame.safeParse(normalise(type, parsed));
  if (!result.success) {
    const issue = result.error.issues[0];
    return fail(ERROR_CODES.invalidMessage, `Invalid ${type} frame: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  const content = contentOf(result.data);
  const problem = content === null ? null : messageProblem(content);
  if (problem) return fail(ERROR_CODES.invalidMessage, problem);
  return { ok: true, frame: result.data };
}

/** Netra variants: payload under `data`, or fields at top level; user text as `message`/`text`. */
function normalise(type: string, frame: Record<string, unknown>): Record<string, unknown> {
  if (type === 'ping' || type === 'heartbeat_ack') return { ...frame, type };
  const { type: _type, payload, data, ...rest } = frame;
  const body = isObject(payload) ? payload : isObject(data) ? data : rest;
  if (type === 'user_message' && body.content === undefined) {
    return { type, payload: { ...body, content: body.message ?? body.text } };
  }
  if (type === 'start_agent') {
    // Netra sends thread_id: null for a new conversation; the contract spells that as absent.
    const { thread_id, ...others } = body;
    const threadId = thread_id === null || thread_id === '' ? undefined : thread_id;
    return { type, payload: { ...others, thread_id: threadId, user_request: body.user_request ?? body.message ?? body.content } };
  }
  return { type, payload: body };
}

function contentOf(frame: ClientFrame): string | null {
  if (frame.type === 'user_message') return frame.payload.content;
  if (frame.type === 'start_agent') return frame.payload.user_request;
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(errorCode: string, message: string): ParsedFrame {
  return { ok: false, errorCode, message };
}
