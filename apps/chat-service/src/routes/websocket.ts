import { Gauge } from 'prom-client';
import { bearerToken, type Service } from '@vivier/service-kit';
import { createWebSocketSession, type WebSocketSessionDeps } from '../services/websocket-session';

const HEARTBEAT_MS = 30_000;

/** `GET /api/ws`: the socket's frames go to a session (services/websocket-session.ts). */
export async function websocketRoutes(app: Service, options: { session: WebSocketSessionDeps }) {
  // Open client sockets on this replica: what the autoscaler reads, and how a test sees that a
  // client which went away (or a gateway that dropped it) freed its socket here.
  const connections = new Gauge({
    name: 'chat_websocket_connections',
    help: 'WebSocket clients connected to this chat-service process',
    registers: [app.metrics],
  });
  app.get('/api/ws', { websocket: true }, (socket, request) => {
    connections.inc();
    const session = createWebSocketSession(
      options.session,
      socket,
      bearerToken(request.headers.authorization),
    );
    // A peer that stops answering pings is gone (a laptop lid closed): free its subscriptions.
    let isAlive = true;
    const heartbeat = setInterval(() => {
      if (!isAlive) return socket.terminate();
      isAlive = false;
      socket.ping();
    }, HEARTBEAT_MS);
    socket.on('pong', () => (isAlive = true));
    socket.on('message', (data, isBinary) =>
      session.receive(isBinary ? '' : Buffer.from(data as Buffer).toString('utf8')),
    );
    socket.on('close', () => {
      connections.dec();
      clearInterval(heartbeat);
      session.closed();
    });
  });
}
