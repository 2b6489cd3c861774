/** A key that names no stored object (never written, or already deleted). */
export class StorageNotFoundError extends Error {
  constructor(
    readonly key: string,
    options: { cause?: unknown } = {},
  ) {
    super(`No stored object under key "${key}"`, options);
    this.name = 'StorageNotFoundError';
  }
}

/** A key the storage refuses to use (empty, absolute, `..`, odd characters). A caller's bug. */
export class InvalidStorageKeyError extends Error {
  constructor(readonly key: string) {
    super(`Invalid storage key "${key}"`);
    this.name = 'InvalidStorageKeyError';
  }
}

export function isStorageNotFound(error: unknown): error is StorageNotFoundError {
  return error instanceof StorageNotFoundError;
}
