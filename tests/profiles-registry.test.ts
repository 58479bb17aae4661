import { describe, expect, it } from 'vitest';
import { getProfile, PROFILE_NAMES } from '../profiles';
import { createNetraApexProfile } from '../profiles/netra-apex';
import type { Capabilities, UiLocators } from '../profiles/types';

const REQUIRED_LOCATORS: Array<keyof UiLocators> = [
  'loginEmail', 'loginPassword', 'loginSubmit', 'loginError', 'userEmail', 'logoutButton', 'threadList',
  'threadItems', 'threadItem', 'newChatButton', 'messageInput', 'sendButton', 'messages', 'userMessages',
  'assistantMessages', 'thinkingIndicator', 'connectionStatus', 'connectionState',
];

describe('profile registry', () => {
  it('lists the known profiles', () => {
    expect(PROFILE_NAMES).toEqual(['reference', 'netra-apex']);
  });

  it.each(PROFILE_NAMES)('finds %s by its own name', (name) => {
    expect(getProfile(name).name).toBe(name);
  });

  it('names the known profiles when the name is unknown', () => {
    expect(() => getProfile('netra')).toThrow(/Unknown target profile "netra".*reference, netra-apex/);
    expect(() => getProfile('toString')).toThrow(/Known profiles: reference, netra-apex/);
  });
});

describe.each(PROFILE_NAMES)('profile %s', (name) => {
  const profile = getProfile(name);

  it('has every required locator and recorder selector', () => {
    for (const key of REQUIRED_LOCATORS) expect(typeof profile.ui[key], key).toBe('function');
    for (const selector of Object.values(profile.ui.recorder)) expect(selector).toMatch(/^\[data-testid=/);
  });

  it('has the contract routes', () => {
    expect(profile.routes.login).toBe('/login');
    expect(profile.routes.chat).toBe('/chat');
    expect(profile.routes.thread('abc-123')).toBe('/chat/abc-123');
  });

  it('tells the REST send path from other requests', () => {
    expect(profile.isRestSend('POST', 'http://127.0.0.1:4310/api/agent/v2/execute')).toBe(true);
    expect(profile.isRestSend('post', '/api/agent/v2/execute')).toBe(true);
    expect(profile.isRestSend('GET', 'http://127.0.0.1:4310/api/agent/v2/execute')).toBe(false);
    expect(profile.isRestSend('POST', 'http://127.0.0.1:4310/api/threads')).toBe(false);
  });

  it('tells the chat socket from others', () => {
    expect(profile.isChatSocket('ws://127.0.0.1:4310/ws?ticket=abc')).toBe(true);
    expect(profile.isChatSocket('ws://127.0.0.1:3000/_next/webpack-hmr')).toBe(false);
    expect(profile.isChatSocket('ws://127.0.0.1:3000/wsx')).toBe(false);
  });
});

describe('capabilities', () => {
  it('reference has them all', () => {
    expect(Object.values(getProfile('reference').capabilities).every(Boolean)).toBe(true);
  });

  it('netra-apex has the beta-17 set; password login only in a dev mode, read when asked', () => {
    const env: Record<string, string | undefined> = { NETRA_SIGNIN_MODE: 'dev-form' };
    const profile = createNetraApexProfile(() => env);
    const expected: Capabilities = {
      seq: false, resume: false, faults: false, finalReport: true, history: true, runEventsApi: false,
      stopAgent: false, passwordLogin: true, eventTimeline: false, scriptedModel: false,
    };
    expect({ ...profile.capabilities }).toEqual(expected);
    env.NETRA_SIGNIN_MODE = 'staging-token';
    env.NETRA_E2E_BYPASS_KEY = 'k';
    expect(profile.capabilities.passwordLogin).toBe(false);
  });
});

describe('netra-apex recognisers', () => {
  const netra = getProfile('netra-apex');

  it('finds the REST send on any host and behind a path prefix', () => {
    expect(netra.isRestSend('POST', 'https://api.staging.example/api/agent/v2/execute')).toBe(true);
    expect(netra.isRestSend('POST', 'https://example/backend/api/agent/v2/execute?x=1')).toBe(true);
  });

  it('finds the chat socket by a path ending in /ws', () => {
    expect(netra.isChatSocket('wss://api.staging.example/ws')).toBe(true);
    expect(netra.isChatSocket('wss://example/api/ws?ticket=t')).toBe(true);
  });

  it('keeps the reference socket path exact', () => {
    expect(getProfile('reference').isChatSocket('ws://example/api/ws')).toBe(false);
  });
});
