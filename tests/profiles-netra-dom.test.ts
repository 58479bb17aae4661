/**
 * The netra-apex profile's locators against reduced snapshots of the real Netra Apex chat
 * (tests/fixtures/netra-dom/): what the suite reads there is the conversation, the connection
 * state, the busy state and the reasoning, never the cards' chrome or the initialisation screen.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveChromium, SYSTEM_CHROMIUM_ARGS } from '../config/browser';
import { ConnectionRecorder } from '../harness/recorders/connection-recorder';
import { netraApex } from '../profiles/netra-apex';

const DOM_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'netra-dom');
const ui = netraApex.ui;
const ANSWER = 'Here is my analysis of gpu, usage, costs, last and month. I treated it as a cost optimization request.';
const QUESTION = 'Analyze our GPU usage costs for last month and suggest how to reduce spend';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  const { executablePath } = resolveChromium(process.env.E2E_CHROMIUM_PATH);
  browser = await chromium.launch(executablePath ? { executablePath, args: SYSTEM_CHROMIUM_ARGS } : {});
  page = await browser.newPage();
}, 30_000);

afterAll(async () => {
  await browser?.close();
});

async function show(snapshot: string): Promise<void> {
  await page.setContent(readFileSync(path.join(DOM_DIR, snapshot), 'utf8'));
}

const texts = async (locator: ReturnType<typeof ui.messages>) => (await locator.allInnerTexts()).map((t) => t.trim());

describe('netra-apex profile on the answered chat', () => {
  it('reads the conversation as the user card and the answer card, without progress cards or chrome', async () => {
    await show('answered.html');
    expect(await texts(ui.messages(page))).toEqual([QUESTION, ANSWER]);
    expect(await texts(ui.userMessages(page))).toEqual([QUESTION]);
    expect(await texts(ui.assistantMessages(page))).toEqual([ANSWER]);
  });

  it('reads "Connected" as the connection state and sees no busy state or initialisation screen', async () => {
    await show('answered.html');
    expect(await ui.connectionState(ui.connectionStatus(page))).toBe('connected');
    expect(await ui.thinkingIndicator(page).count()).toBe(0);
    expect(await ui.initializing!(page).count()).toBe(0);
    await expect(ui.messageInput(page).isEditable()).resolves.toBe(true);
  });

  it('finds the header name the sign-in check reads next to the session', async () => {
    await show('answered.html');
    expect(await ui.userEmail(page).innerText()).toBe('Netra Qa1');
  });
});

describe('netra-apex profile: recording the connection state', () => {
  it('keeps recording when the header is replaced (a remount), and reads only whole state words', async () => {
    await show('answered.html');
    const recorder = await ConnectionRecorder.start(page, ui.recorder.connection);
    // The header's status card rendered anew, as a remount does; empty while the chat remounts.
    const label = (text: string) =>
      page.evaluate((t) => {
        const holder = document.querySelector('.flex.items-center.gap-3')!;
        holder.innerHTML = t ? `<div class="flex flex-col"><span class="text-sm font-medium">${t}</span></div>` : '';
      }, text);
    await label('Reconnecting');
    await label('');
    await label('Connected');
    await expect.poll(() => recorder.statesSince(0)).toEqual(['connected', 'reconnecting', null, 'connected']);
  });
});

describe('netra-apex profile on the initialisation screen', () => {
  it('sees the screen, and does not read its "Connecting to real-time services..." as the connection state', async () => {
    await show('initializing.html');
    expect(await ui.initializing!(page).isVisible()).toBe(true);
    expect(await ui.connectionStatus(page).count()).toBe(0);
    expect(await ui.messageInput(page).count()).toBe(0);
  });
});

describe('netra-apex profile during a run', () => {
  it('sees the busy state and the disabled input', async () => {
    await show('running.html');
    expect(await ui.thinkingIndicator(page).isVisible()).toBe(true);
    expect(await ui.messageInput(page).isEditable()).toBe(false);
  });

  it('reads the reasoning from the response card and the agents\' progress cards', async () => {
    await show('running.html');
    const shown = await page.evaluate(
      (selector) => [...document.querySelectorAll(selector)].map((el) => el.textContent ?? '').join('\n'),
      ui.recorder.reasoning!,
    );
    expect(shown).toContain('Writing the answer about gpu usage costs last month');
    expect(shown).toContain('Classifying the request about gpu usage costs last month');
    expect(await page.evaluate((selector) => document.querySelector(selector) !== null, ui.recorder.thinking)).toBe(true);
  });

  it('shows no answer while only progress cards are there', async () => {
    await show('running.html');
    expect(await ui.assistantMessages(page).count()).toBe(0);
  });
});

describe('netra-apex profile when the UI is stuck after the run', () => {
  it('sees "Sending..." on the send button as the busy state, though the answer is shown', async () => {
    await show('stuck-sending.html');
    expect(await ui.thinkingIndicator(page).isVisible()).toBe(true);
    expect(await texts(ui.assistantMessages(page))).toEqual([ANSWER]);
    expect(netraApex.stuckUiFailure).toMatch(/known failure mode.*Running\/Sending/);
  });
});
