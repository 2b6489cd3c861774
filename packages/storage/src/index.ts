export { readAll, type FileStorage } from './file-storage';
export { StorageNotFoundError, InvalidStorageKeyError, isStorageNotFound } from './errors';
export { newStorageKey } from './storage-key';
export { createLocalDiskStorage } from './local-disk-storage';
export { storageEnv, storageEnvSchema, storageFromEnv, type StorageEnv } from './storage-env';
