// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- s3rver ships no types; callers in other packages need this declaration too
/// <reference path="./s3rver.d.ts" />
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface LocalS3 {
  endpoint: string;
  bucket: string;
  /** `METHOD host path` of every request it received, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A real S3-compatible HTTP server (s3rver) on a free loopback port with one empty bucket, for
 * tests. Only path-style addressing is served (`vhostBuckets: false`).
 */
export async function startLocalS3(bucket = 'vivier-test'): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), 'vivier-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: [{ name: bucket }],
  });
  const requests: string[] = [];
  // Koa composes its middleware when it starts listening, so this runs before s3rver's own.
  server.middleware.unshift(async (context, next) => {
    requests.push(`${context.method} ${context.host} ${context.path}`);
    await next();
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    requests,
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
