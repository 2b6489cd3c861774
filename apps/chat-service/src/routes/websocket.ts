import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Gauge } from 'prom-client';
import type WebSocket from 'ws';
import { bearerToken, type Service } from '@vivier/service-kit';
import { createWebSocketSession, type WebSocketSessionDeps } from '../services/websocket-session';

const HEARTBEAT_MS = 30_000;

/**
 * What an open socket keeps is what it costs (issue 11: thousands of idle sockets per process).
 * Once upgraded, the socket answers through `ws` only; the upgrade's HTTP response stays attached
 * to the TCP socket (Node's `_httpMessage`) and, with it, the request and Fastify's reply: detached.
 */
interface UpgradedSocket extends Socket {
  _httpMessage?: ServerResponse | null;
}
function releaseUpgrade(socket: UpgradedSocket | undefined): void {
  // Absent for an injected socket (`injectWS` in tests): nothing is attached then.
  if (socket) socket._httpMessage?.detachSocket(socket);
}

/** `GET /api/ws`: the socket's frames go to a session (services/websocket-session.ts). */
export async function websocketRoutes(app: Service, options: { session: WebSocketSessionDeps }) {
  // Open client sockets on this replica: what the autoscaler reads, and how a test sees that a
  // client which went away (or a gateway that dropped it) freed its socket here.
  const connections = new Gauge({
    name: 'chat_websocket_connections',
    help: 'WebSocket clients connected to this chat-service process',
    registers: [app.metrics],
  });
  // A peer that stops answering pings is gone (a laptop lid closed): free its subscriptions. One
  // sweep for every socket (true: answered since the last ping), not a timer each.
  const answeredPing = new Map<WebSocket, boolean>();
  const heartbeat = setInterval(() => {
    for (const [socket, isAlive] of answeredPing) {
      if (!isAlive) {
        socket.terminate();
        continue;
      }
      answeredPing.set(socket, false);
      socket.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  app.addHook('onClose', async () => clearInterval(heartbeat));
  const onPong = function (this: WebSocket) {
    if (answeredPing.has(this)) answeredPing.set(this, true);
  };
  const onError = function (this: WebSocket, error: Error) {
    app.log.warn({ err: error }, 'websocket error');
    this.terminate();
  };

  app.get('/api/ws', { websocket: true }, (socket, request) => {
    connections.inc();
    releaseUpgrade(request.raw.socket);
    // @fastify/websocket's own listener holds the request and reply for the socket's life.
    socket.removeAllListeners('error');
    socket.on('error', onError);
    const session = createWebSocketSession(
      options.session,
      socket,
      bearerToken(request.headers.authorization),
    );
    answeredPing.set(socket, true);
    socket.on('pong', onPong);
    socket.on('message', (data, isBinary) =>
      session.receive(isBinary ? '' : Buffer.from(data as Buffer).toString('utf8')),
    );
    socket.on('close', () => {
      connections.dec();
      answeredPing.delete(socket);
      session.closed();
    });
  });
}
