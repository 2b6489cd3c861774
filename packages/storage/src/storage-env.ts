import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { booleanFromString } from '@vivier/config';
import type { FileStorage } from './file-storage';
import { createLocalDiskStorage } from './local-disk-storage';

/** Env fragment for every service that reads or writes uploaded files (chat-service, provider-worker). */
export const storageEnv = {
  /** Local-disk driver's directory (relative to the working directory); used when S3_BUCKET is unset. */
  FILE_STORAGE_DIR: z.string().min(1).default('.vivier/files'),
  /** Setting a bucket selects the S3 driver. */
  S3_BUCKET: z.string().min(3).max(63).optional(),
  /** An S3-compatible server (MinIO, Ceph, R2…); unset: AWS. */
  S3_ENDPOINT: z.url().optional(),
  /** Default: true when S3_ENDPOINT is set (what MinIO and most compatible servers expect), else false. */
  S3_FORCE_PATH_STYLE: booleanFromString.optional(),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
};

export const storageEnvSchema = z.object(storageEnv);
export type StorageEnv = z.infer<typeof storageEnvSchema>;

/** The driver the env selects: S3 when S3_BUCKET is set, else the local disk. */
export function storageFromEnv(env: StorageEnv, cwd: string = process.cwd()): FileStorage {
  if (env.S3_BUCKET) {
    const credentials =
      env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
        ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
        : undefined;
    const options = {
      bucket: env.S3_BUCKET,
      region: env.AWS_REGION,
      ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
      forcePathStyle: env.S3_FORCE_PATH_STYLE ?? env.S3_ENDPOINT !== undefined,
      ...(credentials ? { credentials } : {}),
    };
    // The AWS SDK costs ~20 MiB resident: import it only where S3 is the driver.
    return lazyStorage('s3', async () => (await import('./s3-storage')).createS3Storage(options));
  }
  const directory = isAbsolute(env.FILE_STORAGE_DIR)
    ? env.FILE_STORAGE_DIR
    : resolve(cwd, env.FILE_STORAGE_DIR);
  return createLocalDiskStorage({ directory });
}

/** A driver built on its first use (each method waits for it). */
function lazyStorage(driver: FileStorage['driver'], load: () => Promise<FileStorage>): FileStorage {
  let loading: Promise<FileStorage> | undefined;
  const loaded = () => (loading ??= load());
  return {
    driver,
    put: async (key, bytes, contentType) => (await loaded()).put(key, bytes, contentType),
    get: async (key) => (await loaded()).get(key),
    delete: async (key) => (await loaded()).delete(key),
  };
}
