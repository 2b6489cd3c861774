import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  /** The proxy listens on 127.0.0.1 at this port. */
  port: number;
  /** Holds what the server sends back (bytes queue in the proxy) until `releaseReplies`. */
  holdReplies(): void;
  /** Sends the held replies on, in order, and stops holding. */
  releaseReplies(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a real server (Redis, PostgreSQL) that can hold the server's replies:
 * a slow network on one connection, so a test can make a reply arrive after something it would
 * otherwise beat, without replacing the server or the client library.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const pipes: Array<{ client: Socket; held: Buffer[] }> = [];
  let isHolding = false;

  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    const pipe = { client, held: [] as Buffer[] };
    pipes.push(pipe);
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      if (isHolding) pipe.held.push(chunk);
      else client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    holdReplies: () => {
      isHolding = true;
    },
    releaseReplies: () => {
      isHolding = false;
      for (const pipe of pipes) {
        for (const chunk of pipe.held.splice(0)) pipe.client.write(chunk);
      }
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
