/**
 * An actor is one signed-in user in one browser page, with its frames captured and its UI
 * recorded from the first navigation on.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { suiteConfig } from '../../config/suite';
import { ChatPage } from '../../pages/ChatPage';
import type { TargetProfile, UserCredentials } from '../../profiles/types';
import { FrameCapture } from '../capture/frame-capture';
import { installUiRecorder } from '../recorders/ui-recorder';

export interface Actor {
  user: UserCredentials;
  page: Page;
  chat: ChatPage;
  frames: FrameCapture;
  profile: TargetProfile;
  /** Threads this page started; removed again after the test. */
  createdThreads: Set<string>;
}

export async function prepareActor(page: Page, user: UserCredentials, profile: TargetProfile): Promise<Actor> {
  const frames = new FrameCapture(profile);
  await Promise.all([frames.attach(page), installUiRecorder(page, profile.ui.recorder)]);
  return { user, page, chat: new ChatPage(page, profile, suiteConfig.frontendReadyMs), frames, profile, createdThreads: new Set() };
}

/** A further page for the same or another user, in its own context unless one is given. */
export async function openActor(
  context: BrowserContext,
  user: UserCredentials,
  profile: TargetProfile,
): Promise<Actor> {
  return prepareActor(await context.newPage(), user, profile);
}
