export { readAll, type FileStorage } from './file-storage';
export { StorageNotFoundError, InvalidStorageKeyError, isStorageNotFound } from './errors';
export { newStorageKey } from './storage-key';
export { createLocalDiskStorage } from './local-disk-storage';
export { createS3Storage, type S3StorageOptions } from './s3-storage';
export { storageEnv, storageEnvSchema, storageFromEnv, type StorageEnv } from './storage-env';
