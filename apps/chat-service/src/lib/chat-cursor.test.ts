import { describe, expect, it } from 'vitest';
import { AppError } from '@vivier/contracts';
import { decodeChatCursor, encodeChatCursor } from './chat-cursor';

describe('chat cursor', () => {
  it('round-trips the time (to the millisecond) and the id', () => {
    const cursor = { updatedAt: new Date('2026-03-04T05:06:07.089Z'), id: 'cht_0abc' };
    expect(decodeChatCursor(encodeChatCursor(cursor))).toEqual(cursor);
  });

  it('refuses anything it did not make with a VALIDATION_FAILED on `cursor`', () => {
    for (const value of [
      '',
      'garbage',
      Buffer.from('not-a-date|cht_x').toString('base64url'),
      Buffer.from('2026-01-01T00:00:00Z|bad id').toString('base64url'),
    ]) {
      const error = (() => {
        try {
          decodeChatCursor(value);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error, value).toBeInstanceOf(AppError);
      expect((error as AppError).details?.[0]?.path).toBe('cursor');
    }
  });
});
