import { describe, expect, it } from 'vitest';
import { AppError } from '@vivier/contracts';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor';

describe('keyset cursors', () => {
  it('round-trip a position', () => {
    const createdAt = new Date('2026-11-26T10:00:00.123Z');
    expect(decodeKeysetCursor(encodeKeysetCursor(createdAt, 'usr_1'))).toEqual({ createdAt, id: 'usr_1' });
  });

  it('refuse anything this API did not issue with a 400 on cursor', () => {
    const forged = [
      'garbage',
      Buffer.from('["not a date","usr_1"]').toString('base64url'),
      Buffer.from('["2026-11-26T10:00:00Z",42]').toString('base64url'),
      Buffer.from('{}').toString('base64url'),
    ];
    for (const cursor of forged) {
      expect(() => decodeKeysetCursor(cursor), cursor).toThrow(AppError);
      try {
        decodeKeysetCursor(cursor);
      } catch (error) {
        expect((error as AppError).details).toEqual([
          { path: 'cursor', message: 'is not a cursor this API issued' },
        ]);
      }
    }
  });
});
