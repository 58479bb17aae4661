import { describe, expect, it } from 'vitest';
import { describeSteps, passedThrough } from '../harness/recorders/connection-recorder';

describe('passedThrough: the states a connection indicator showed, in order', () => {
  it('needs each expected state in order, whatever came in between', () => {
    expect(passedThrough(['connected', 'reconnecting', 'connecting', 'connected'], ['reconnecting', 'connected'])).toBe(true);
    expect(passedThrough(['connected', 'reconnecting'], ['reconnecting', 'connected'])).toBe(false);
    expect(passedThrough(['connected'], ['reconnecting', 'connected'])).toBe(false);
  });

  it('takes a list as "any one of these"', () => {
    const notConnected = ['disconnected', 'reconnecting', 'connecting'];
    expect(passedThrough(['connected', 'connecting', 'connected'], [notConnected, 'connected'])).toBe(true);
    expect(passedThrough(['connected', null, 'connected'], [notConnected, 'connected'])).toBe(false);
    expect(describeSteps([notConnected, 'connected'])).toBe('"disconnected" or "reconnecting" or "connecting" → "connected"');
  });
});
