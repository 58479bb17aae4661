/** Attaches what one page's socket carried: the captured frames (redacted) and their timelines, as text and as a picture. */
import type { TestInfo } from '@playwright/test';
import type { FrameCapture } from '../capture/frame-capture';
import { renderTimelineHtml } from './timeline-html';
import { renderTimelineText } from './timeline-text';

/** The three attachments' bodies: the frames as JSON (FrameCapture.toJSON() is redacted), the text timeline, the HTML one. */
export function frameEvidence(frames: FrameCapture, title: string): { json: string; text: string; html: string } {
  return { json: JSON.stringify(frames, null, 2), text: renderTimelineText(frames), html: renderTimelineHtml(frames, title) };
}

/** `label`: whose page it was ('user1' is the default page and gets no suffix). */
export async function attachFrameEvidence(frames: FrameCapture, testInfo: TestInfo, label: string): Promise<void> {
  if (frames.frames.length === 0) return;
  const suffix = label === 'user1' ? '' : ` (${label})`;
  const evidence = frameEvidence(frames, `${testInfo.title}${suffix}`);
  await testInfo.attach(`ws-frames${suffix}.json`, { body: evidence.json, contentType: 'application/json' });
  await testInfo.attach(`ws-timeline${suffix}.txt`, { body: evidence.text, contentType: 'text/plain' });
  await testInfo.attach(`ws-timeline${suffix}.html`, { body: evidence.html, contentType: 'text/html' });
}
