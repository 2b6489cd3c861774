import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll } from './file-storage';
import { StorageNotFoundError, InvalidStorageKeyError } from './errors';
import { startLocalS3, type LocalS3 } from './local-s3';
import { storageFromEnv } from './storage-env';
import { newStorageKey } from './storage-key';
import type { FileStorage } from './file-storage';

/** The S3 driver against a real S3-compatible server over HTTP (s3rver on a free port). */
let s3: LocalS3;
let storage: FileStorage;

beforeAll(async () => {
  s3 = await startLocalS3();
  storage = storageFromEnv({
    FILE_STORAGE_DIR: '/nonexistent',
    S3_BUCKET: s3.bucket,
    S3_ENDPOINT: s3.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
  });
});
afterAll(async () => {
  await s3?.close();
});

describe('S3 storage', () => {
  it('is selected by S3_BUCKET', () => {
    expect(storage.driver).toBe('s3');
  });

  it('round-trips bytes, then deletes them', async () => {
    const key = newStorageKey();
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255, 254]);
    await storage.put(key, bytes, 'image/png');
    expect(await readAll(storage, key)).toEqual(bytes);
    await storage.delete(key);
    await expect(storage.get(key)).rejects.toBeInstanceOf(StorageNotFoundError);
    // Deleting twice is fine.
    await storage.delete(key);
  });

  it('answers a missing key with a typed not-found error', async () => {
    const error = await storage.get('files/00/never-written').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageNotFoundError);
    expect((error as StorageNotFoundError).key).toBe('files/00/never-written');
  });

  it('addresses the bucket path-style when an endpoint is set', async () => {
    const key = newStorageKey();
    const before = s3.requests.length;
    await storage.put(key, Buffer.from('hello'), 'text/plain');
    const [put] = s3.requests.slice(before);
    expect(put).toBe(`PUT ${new URL(s3.endpoint).host} /${s3.bucket}/${key}`);
  });

  it('refuses keys that could escape the bucket prefix', async () => {
    await expect(storage.put('../escape', Buffer.from('x'), 'text/plain')).rejects.toBeInstanceOf(
      InvalidStorageKeyError,
    );
  });
});
