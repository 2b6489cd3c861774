import type { Readable } from 'node:stream';

/**
 * Where uploaded bytes live. Keys are minted by the server (`newStorageKey`), never taken from a
 * user; drivers still refuse keys that could escape their root.
 */
export interface FileStorage {
  readonly driver: 'local' | 's3';
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The object's bytes as a stream; rejects with StorageNotFoundError when there is none. */
  get(key: string): Promise<Readable>;
  /** Idempotent: deleting a missing key succeeds. */
  delete(key: string): Promise<void>;
}

/** The whole object in memory (uploads are capped, so this is bounded). */
export async function readAll(storage: Pick<FileStorage, 'get'>, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.get(key)) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
