import { AppError } from '@vivier/contracts';

/** Where the previous page of the chat list ended: its last chat's `updatedAt` and id. */
export interface ChatCursor {
  updatedAt: Date;
  id: string;
}

/** Opaque to clients: base64url of `<ISO time>|<id>`. */
export function encodeChatCursor(cursor: ChatCursor): string {
  return Buffer.from(`${cursor.updatedAt.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

const invalidCursor = () =>
  new AppError('VALIDATION_FAILED', 'Invalid query', {
    details: [{ path: 'cursor', message: 'is not a cursor from this list' }],
  });

export function decodeChatCursor(value: string): ChatCursor {
  const decoded = Buffer.from(value, 'base64url').toString('utf8');
  const separator = decoded.indexOf('|');
  if (separator < 0) throw invalidCursor();
  const updatedAt = new Date(decoded.slice(0, separator));
  const id = decoded.slice(separator + 1);
  if (Number.isNaN(updatedAt.getTime()) || !/^[a-z]+_[0-9a-z]{1,64}$/.test(id)) throw invalidCursor();
  return { updatedAt, id };
}
