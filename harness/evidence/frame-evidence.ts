/** Attaches what one page's socket carried: the captured frames (redacted) and their timelines, as text and as a picture. */
import type { TestInfo } from '@playwright/test';
import type { FrameCapture } from '../capture/frame-capture';
import { renderTimelineHtml } from './timeline-html';
import { renderTimelineText } from './timeline-text';

/** `label`: whose page it was ('user1' is the default page and gets no suffix). */
export async function attachFrameEvidence(frames: FrameCapture, testInfo: TestInfo, label: string): Promise<void> {
  if (frames.frames.length === 0) return;
  const suffix = label === 'user1' ? '' : ` (${label})`;
  await testInfo.attach(`ws-frames${suffix}.json`, {
    body: JSON.stringify(frames, null, 2), // FrameCapture.toJSON() is redacted
    contentType: 'application/json',
  });
  await testInfo.attach(`ws-timeline${suffix}.txt`, { body: renderTimelineText(frames), contentType: 'text/plain' });
  await testInfo.attach(`ws-timeline${suffix}.html`, {
    body: renderTimelineHtml(frames, `${testInfo.title}${suffix}`),
    contentType: 'text/html',
  });
}
