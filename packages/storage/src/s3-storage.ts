import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { StorageNotFoundError } from './errors';
import type { FileStorage } from './file-storage';
import { assertValidKey } from './storage-key';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** For MinIO, Ceph, R2, a local s3rver…; unset: AWS itself. */
  endpoint?: string;
  /** `bucket` in the path rather than the host name; what most S3-compatible servers need. */
  forcePathStyle?: boolean;
  /** Unset: the SDK's default chain (env, shared config, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** One object per key in one bucket. */
export function createS3Storage(options: S3StorageOptions): FileStorage & { client: S3Client } {
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle ?? false,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // Newer SDKs add CRC checksums to every upload by default; many S3-compatible servers reject
    // or mis-store those, and the bodies are small buffers whose sha256 we record ourselves.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const { bucket } = options;

  return {
    driver: 's3',
    client,
    async put(key, bytes, contentType) {
      assertValidKey(key);
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: bytes,
          ContentType: contentType,
          ContentLength: bytes.length,
        }),
      );
    },
    async get(key) {
      assertValidKey(key);
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!(object.Body instanceof Readable)) throw new Error('S3 returned no readable body');
        return object.Body;
      } catch (error) {
        if (isMissingObject(error)) throw new StorageNotFoundError(key, { cause: error });
        throw error;
      }
    },
    async delete(key) {
      assertValidKey(key);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}

function isMissingObject(error: unknown): boolean {
  if (error instanceof NoSuchKey) return true;
  // Some servers answer a bare 404 whose body the SDK cannot name.
  return (
    error instanceof S3ServiceException &&
    (error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404)
  );
}
