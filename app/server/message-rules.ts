/** What a user message must be to start a run; shared by the REST and WebSocket paths. */
import { LIMITS } from '../../contract/events';

/** Why `content` cannot start a run, or null when it can. */
export function messageProblem(content: string): string | null {
  if (content.trim() === '') return 'Message content is empty';
  if (content.length > LIMITS.maxMessageChars) return `Message content is longer than ${LIMITS.maxMessageChars} characters`;
  return null;
}
