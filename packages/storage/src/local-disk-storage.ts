import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, resolve, sep } from 'node:path';
import { StorageNotFoundError, InvalidStorageKeyError } from './errors';
import type { FileStorage } from './file-storage';
import { assertValidKey } from './storage-key';

/**
 * Files under one directory, one file per key. Writes go to a temporary name first and are renamed
 * into place, so a reader never sees half an upload.
 */
export function createLocalDiskStorage({ directory }: { directory: string }): FileStorage {
  const root = resolve(directory);

  function pathOf(key: string): string {
    assertValidKey(key);
    const path = resolve(root, key);
    // Defence in depth: the key check already rules out `..` and absolute paths.
    if (!path.startsWith(root + sep)) throw new InvalidStorageKeyError(key);
    return path;
  }

  return {
    driver: 'local',
    async put(key, bytes) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${randomBytes(6).toString('hex')}.partial`;
      try {
        await writeFile(temporary, bytes, { flag: 'wx', mode: 0o600 });
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async get(key) {
      const path = pathOf(key);
      try {
        const handle = await open(path, 'r');
        // The stream closes the handle when it ends or is destroyed.
        return handle.createReadStream();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          throw new StorageNotFoundError(key, { cause: error });
        throw error;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
