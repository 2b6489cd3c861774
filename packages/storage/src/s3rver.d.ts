// s3rver ships no types; this is the part the tests use.
declare module 's3rver' {
  import type { Server } from 'node:http';
  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: Array<{ name: string }>;
  }
  interface KoaContext {
    method: string;
    path: string;
    host: string;
  }
  export default class S3rver {
    constructor(options?: S3rverOptions);
    /** Koa's middleware stack; composed when the server starts listening. */
    middleware: Array<(context: KoaContext, next: () => Promise<void>) => Promise<void>>;
    httpServer: Server;
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
