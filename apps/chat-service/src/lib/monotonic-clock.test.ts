import { describe, expect, it } from 'vitest';
import { createMonotonicClock } from './monotonic-clock';

describe('createMonotonicClock', () => {
  it('never repeats or goes back, even when the wall clock does', () => {
    const readings = [1000, 1000, 1000, 990, 2000];
    const clock = createMonotonicClock(() => readings.shift()!);
    expect([clock(), clock(), clock(), clock(), clock()].map((date) => date.getTime())).toEqual([
      1000, 1001, 1002, 1003, 2000,
    ]);
  });
});
