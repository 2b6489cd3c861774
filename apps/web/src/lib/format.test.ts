import { describe, expect, it } from 'vitest';
import { thoughtDuration } from './format';

describe('thoughtDuration', () => {
  it('counts seconds, at least one, and minutes past a minute', () => {
    expect(thoughtDuration(200)).toEqual({ minutes: 0, seconds: 1 });
    expect(thoughtDuration(4_400)).toEqual({ minutes: 0, seconds: 4 });
    expect(thoughtDuration(60_000)).toEqual({ minutes: 1, seconds: 0 });
    expect(thoughtDuration(125_000)).toEqual({ minutes: 2, seconds: 5 });
  });
});
