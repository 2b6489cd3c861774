import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidStorageKeyError, StorageNotFoundError } from './errors';
import { readAll, type FileStorage } from './file-storage';
import { storageFromEnv } from './storage-env';
import { newStorageKey } from './storage-key';

let directory: string;
let storage: FileStorage;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'vivier-files-'));
  storage = storageFromEnv({ FILE_STORAGE_DIR: directory, AWS_REGION: 'us-east-1' });
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('local-disk storage', () => {
  it('is the default driver', () => {
    expect(storage.driver).toBe('local');
  });

  it('writes under its directory and reads the same bytes back', async () => {
    const key = newStorageKey();
    const bytes = Buffer.from('línea uno\nline two\n');
    await storage.put(key, bytes, 'text/plain');
    expect(await readFile(join(directory, key))).toEqual(bytes);
    expect(await readAll(storage, key)).toEqual(bytes);
    // No temporary file is left beside it.
    expect(await readdir(join(directory, key, '..'))).toEqual([key.split('/').at(-1)]);
  });

  it('deletes, after which the key is not found; deleting again is fine', async () => {
    const key = newStorageKey();
    await storage.put(key, Buffer.from('x'), 'text/plain');
    await storage.delete(key);
    await expect(storage.get(key)).rejects.toBeInstanceOf(StorageNotFoundError);
    await storage.delete(key);
  });

  it.each(['../outside', 'files/../../etc/passwd', '/etc/passwd', 'files//x', '', 'files/.hidden', 'a\\b'])(
    'refuses the key %j',
    async (key) => {
      await expect(storage.put(key, Buffer.from('x'), 'text/plain')).rejects.toBeInstanceOf(
        InvalidStorageKeyError,
      );
      await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    },
  );

  it('resolves a relative directory against the working directory it is given', () => {
    const relative = storageFromEnv(
      { FILE_STORAGE_DIR: '.vivier/files', AWS_REGION: 'us-east-1' },
      directory,
    );
    expect(relative.driver).toBe('local');
  });

  it('mints keys that are random and never reuse a name', () => {
    const keys = new Set(Array.from({ length: 100 }, () => newStorageKey()));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^files\/[0-9a-f]{2}\/[0-9a-f]{32}$/);
  });
});
