import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Gauge } from 'prom-client';
import type WebSocket from 'ws';
import { bearerToken, type Service } from '@vivier/service-kit';
import {
  createWebSocketSession,
  type WebSocketSession,
  type WebSocketSessionDeps,
} from '../services/websocket-session';

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
  // Every open socket and its session. A peer that stops answering pings is gone (a laptop lid
  // closed): free its subscriptions. One sweep for every socket, not a timer each.
  const sessions = new Map<WebSocket, WebSocketSession>();
  const heartbeat = setInterval(() => {
    for (const [socket, session] of sessions) {
      if (!session.answeredPing) {
        socket.terminate();
        continue;
      }
      session.answeredPing = false;
      socket.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  app.addHook('onClose', async () => clearInterval(heartbeat));
  // `ws` tracks no clients (clientTracking: false in app.ts, a closure per socket); this map does,
  // so shutting down closes them as @fastify/websocket would.
  app.addHook('preClose', async () => {
    for (const socket of sessions.keys()) socket.close();
  });

  // One set of listeners shared by every socket (`this` is the socket): per-socket closures are
  // most of what an idle socket costs besides `ws` itself (issue 11).
  function onPong(this: WebSocket): void {
    const session = sessions.get(this);
    if (session) session.answeredPing = true;
  }
  function onError(this: WebSocket, error: Error): void {
    app.log.warn({ err: error }, 'websocket error');
    this.terminate();
  }
  function onMessage(this: WebSocket, data: WebSocket.RawData, isBinary: boolean): void {
    sessions.get(this)?.receive(isBinary ? '' : Buffer.from(data as Buffer).toString('utf8'));
  }
  function onClose(this: WebSocket): void {
    connections.dec();
    sessions.get(this)?.closed();
    sessions.delete(this);
  }

  app.get('/api/ws', { websocket: true }, (socket, request) => {
    connections.inc();
    releaseUpgrade(request.raw.socket);
    // @fastify/websocket's own listener holds the request and reply for the socket's life.
    socket.removeAllListeners('error');
    socket.on('error', onError);
    sessions.set(
      socket,
      createWebSocketSession(options.session, socket, bearerToken(request.headers.authorization)),
    );
    socket.on('pong', onPong);
    socket.on('message', onMessage);
    socket.on('close', onClose);
  });
}
