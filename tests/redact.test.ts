import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactSecrets, redactText } from '../harness/redaction/redact';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEiLCJleHAiOjE3NTY3MjE2MDB9.c2lnbmF0dXJlLXBhcnQ';
const OPAQUE = 'rt_7f3a9c2e41b84d0fa6';

describe('redactText', () => {
  it('replaces JWTs anywhere in text', () => {
    expect(redactText(`token ${JWT} in a sentence`)).toBe(`token ${REDACTED} in a sentence`);
    expect(redactText(`protocols jwt-auth, jwt.${JWT}`)).toBe(`protocols jwt-auth, jwt.${REDACTED}`);
  });

  it('replaces ticket, token and refresh values in URLs', () => {
    expect(redactText('ws://127.0.0.1:4310/ws?ticket=tk_abc123')).toBe(`ws://127.0.0.1:4310/ws?ticket=${REDACTED}`);
    expect(redactText(`https://app/chat?token=${OPAQUE}&refresh=${OPAQUE}#x`)).toBe(
      `https://app/chat?token=${REDACTED}&refresh=${REDACTED}#x`,
    );
    expect(redactText('/ws?lang=en&ticket=abc&v=2')).toBe(`/ws?lang=en&ticket=${REDACTED}&v=2`);
  });

  it('replaces Bearer tokens and whole Authorization header values', () => {
    expect(redactText(`curl -H "Authorization: Bearer ${OPAQUE}"`)).toBe(`curl -H "Authorization: ${REDACTED}"`);
    expect(redactText(`sent bearer ${OPAQUE}`)).toBe(`sent bearer ${REDACTED}`);
  });

  it.each(['access_token', 'refresh_token', 'token', 'jwt_token', 'ticket_id', 'ticket', 'password', 'authorization', 'X-E2E-Bypass-Key'])(
    'replaces the JSON value of %s, in any case',
    (key) => {
      const json = JSON.stringify({ [key.toUpperCase()]: OPAQUE, [key]: 'v4lue-x', other: 'kept' });
      const out = redactText(json);
      expect(out).not.toContain(OPAQUE);
      expect(out).not.toContain('v4lue-x');
      expect(JSON.parse(out)).toEqual({ [key.toUpperCase()]: REDACTED, [key]: REDACTED, other: 'kept' });
    },
  );

  it('replaces passwords in URL credentials', () => {
    expect(redactText('postgres://app:s3cr3t@db:5432/x')).toBe(`postgres://app:${REDACTED}@db:5432/x`);
  });

  it('replaces key=value and key: value forms', () => {
    expect(redactText('password=hunter2 user=alice')).toBe(`password=${REDACTED} user=alice`);
    expect(redactText('x-e2e-bypass-key: k3y-value')).toBe(`x-e2e-bypass-key: ${REDACTED}`);
  });

  it('replaces values of secret-named headers and storage entries ({name, value})', () => {
    const trace = JSON.stringify({ headers: [{ name: 'Authorization', value: `Bearer ${OPAQUE}` }], origins: [{ name: 'refresh_token', value: OPAQUE }] });
    expect(redactText(trace)).not.toContain(OPAQUE);
  });

  it('replaces {name, value} storage entries inside JSON embedded as a string', () => {
    const embedded = JSON.stringify({ source: `seed(${JSON.stringify([{ name: 'refresh_token', value: OPAQUE }])})` });
    expect(redactText(embedded)).not.toContain(OPAQUE);
    expect(redactText(embedded)).toContain('refresh_token');
  });

  it('replaces values inside JSON embedded as a string', () => {
    const embedded = JSON.stringify({ postData: JSON.stringify({ refresh_token: OPAQUE }) });
    expect(redactText(embedded)).not.toContain(OPAQUE);
  });

  it('leaves ordinary text untouched', () => {
    const text = [
      'What did I spend on GPT-4 last week? token_type is Bearer.',
      '{"type":"agent_thinking","payload":{"reasoning":"Classifying the request…","step_number":1}}',
      'https://example.test/chat/t-1?tab=history',
      'The ticket queue is long; eyJust kidding.',
    ].join('\n');
    expect(redactText(text)).toBe(text);
  });

  it('is idempotent', () => {
    const text = `Authorization: Bearer ${OPAQUE} /ws?ticket=abc {"password":"x"} ${JWT}`;
    expect(redactText(redactText(text))).toBe(redactText(text));
  });
});

describe('redact', () => {
  it('replaces secret-keyed values in nested objects and arrays, leaving the rest', () => {
    const input = {
      user: { email: 'alice@example.test', password: 'pw1' },
      tokens: [{ access_token: JWT, Refresh_Token: OPAQUE, token_type: 'Bearer' }],
      headers: { Authorization: `Bearer ${OPAQUE}`, 'X-E2E-Bypass-Key': 'k', 'content-type': 'application/json' },
      url: 'ws://h/ws?ticket=tk-1',
      note: `sent ${JWT}`,
      count: 3,
      empty: null,
    };
    expect(redact(input)).toEqual({
      user: { email: 'alice@example.test', password: REDACTED },
      tokens: [{ access_token: REDACTED, Refresh_Token: REDACTED, token_type: 'Bearer' }],
      headers: { Authorization: REDACTED, 'X-E2E-Bypass-Key': REDACTED, 'content-type': 'application/json' },
      url: `ws://h/ws?ticket=${REDACTED}`,
      note: `sent ${REDACTED}`,
      count: 3,
      empty: null,
    });
  });

  it('redacts {name, value} pairs whose name is a secret key', () => {
    expect(redact([{ name: 'jwt_token', value: JWT }, { name: 'theme', value: 'dark' }])).toEqual([
      { name: 'jwt_token', value: REDACTED },
      { name: 'theme', value: 'dark' },
    ]);
  });

  it('does not modify its input and survives cycles', () => {
    const input: Record<string, unknown> = { ticket_id: 'tk' };
    input.self = input;
    expect(redact(input)).toEqual({ ticket_id: REDACTED, self: '[circular]' });
    expect(input.ticket_id).toBe('tk');
  });
});

describe('redactSecrets', () => {
  it('replaces exact known secrets, also JSON-escaped', () => {
    const password = 'pa"ss\\word';
    const text = `login with ${password} and ${JSON.stringify({ password })} and pw1`;
    expect(redactSecrets(text, [password, 'pw1', ''])).toBe(
      `login with ${REDACTED} and {"password":"${REDACTED}"} and ${REDACTED}`,
    );
  });

  it('leaves text alone without secrets', () => {
    expect(redactSecrets('nothing to hide', [])).toBe('nothing to hide');
  });
});
