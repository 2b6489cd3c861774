import { AppError } from '@vivier/contracts';

/** Where a newest-first page ended: its last row's time and id (the tie-break). */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

/** Opaque keyset cursors: base64url of the sort key, so clients cannot build or edit them. */
export function encodeKeysetCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

/** The position a cursor this API issued stands for; 400 on `cursor` for anything else. */
export function decodeKeysetCursor(cursor: string): KeysetPosition {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    const date = typeof createdAt === 'string' ? new Date(createdAt) : new Date(Number.NaN);
    if (typeof id === 'string' && !Number.isNaN(date.getTime())) return { createdAt: date, id };
  } catch {
    // falls through to the 400
  }
  throw new AppError('VALIDATION_FAILED', 'Invalid cursor', {
    details: [{ path: 'cursor', message: 'is not a cursor this API issued' }],
  });
}
