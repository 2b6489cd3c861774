import { describe, expect, it } from 'vitest';
import { createSlowClientGuard } from './slow-client';

describe('slow client guard', () => {
  it('drops a client only once it has stayed over the limit for the grace period', () => {
    let now = 0;
    const guard = createSlowClientGuard({ maxBufferedBytes: 1_000, graceMs: 500 }, () => now);
    expect(guard.isTooFarBehind(10_000)).toBe(false); // a catch-up burst
    now = 400;
    expect(guard.isTooFarBehind(5_000)).toBe(false);
    now = 450;
    expect(guard.isTooFarBehind(900)).toBe(false); // drained: the clock starts over
    now = 600;
    expect(guard.isTooFarBehind(2_000)).toBe(false);
    now = 1_099;
    expect(guard.isTooFarBehind(2_000)).toBe(false);
    now = 1_100;
    expect(guard.isTooFarBehind(2_000)).toBe(true);
  });
});
