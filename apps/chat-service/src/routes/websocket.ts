import { bearerToken, type Service } from '@vivier/service-kit';
import { createWebSocketSession, type WebSocketSessionDeps } from '../services/websocket-session';

const HEARTBEAT_MS = 30_000;

/** `GET /api/ws`: the socket's frames go to a session (services/websocket-session.ts). */
export async function websocketRoutes(app: Service, options: { session: WebSocketSessionDeps }) {
  app.get('/api/ws', { websocket: true }, (socket, request) => {
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
      clearInterval(heartbeat);
      session.closed();
    });
  });
}
