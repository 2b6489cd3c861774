import { request as httpRequest, ServerResponse, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@vivier/contracts';
import { INTERNAL_TOKEN_HEADER, type Service } from '@vivier/service-kit';
import { CONNECTION_FAILURES } from './connection-failures';
import { upstreamWebSocketHeaders } from './upstream-headers';
import type { UpstreamPool } from './upstream-pool';

/**
 * The gateway's WebSocket proxy as a byte tunnel (issue 11). The upgrade request goes through
 * Fastify's router like any request (so the token, account and rate-limit hooks answer it, with
 * the error envelope, before anything is proxied); the route then replays the client's own
 * handshake to a chat-service address and, once that answers 101, joins the two TCP sockets.
 * Frames are never decoded or re-encoded here: no `ws` object per side, no per-frame work, and a
 * slow client slows its upstream socket down (stream backpressure) instead of being buffered in
 * the gateway; chat-service's slow-client guard sees it and closes with 4408.
 * Written by hand: @fastify/http-proxy's WebSocket mode terminates both sides with `ws`.
 */
const kUpgrade = Symbol('vivier.websocket-upgrade');

interface UpgradingRequest extends IncomingMessage {
  [kUpgrade]?: { socket: Socket; head: Buffer; response: ServerResponse };
}

const HANDSHAKE_TIMEOUT_MS = 10_000;
/** Gateway-owned or never trusted from a client: not replayed upstream from its handshake. */
const DROPPED = new Set([
  'host',
  'authorization',
  'x-request-id',
  'x-forwarded-for',
  INTERNAL_TOKEN_HEADER,
  'traceparent',
  'tracestate',
]);

function destroyOnError(this: Socket): void {
  this.destroy();
}

/** Framing of an answer whose body Node has already decoded: replaced when it is relayed. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection']);

/**
 * Raw header lines of a response, as received (the handshake's exact answer goes back). With
 * `bodyLength`, a refusal relayed with its decoded body: its own framing gives way to a length.
 */
function responseHead(response: IncomingMessage, bodyLength?: number): string {
  let head = `HTTP/1.1 ${response.statusCode} ${response.statusMessage}\r\n`;
  for (let index = 0; index < response.rawHeaders.length; index += 2) {
    const name = response.rawHeaders[index]!;
    if (bodyLength !== undefined && FRAMING.has(name.toLowerCase())) continue;
    head += `${name}: ${response.rawHeaders[index + 1]}\r\n`;
  }
  if (bodyLength !== undefined) head += `content-length: ${bodyLength}\r\nconnection: close\r\n`;
  return `${head}\r\n`;
}

const kPeer = Symbol('vivier.tunnel-peer');
const kOpen = Symbol('vivier.tunnel-open');

interface TunnelSocket extends Socket {
  [kPeer]?: TunnelSocket;
  [kOpen]?: Set<Socket>;
}

// One set of listeners shared by every tunnel (`this` is the socket that fired), so an idle tunnel
// holds two sockets and a pointer each way: what pipe() would add per socket (eight closures and
// its state) is most of a tunnel's cost at thousands of idle WebSockets (issue 11).
/** Bytes from one side to the other; a full peer pauses this side until it drains. */
function forward(this: TunnelSocket, chunk: Buffer): void {
  const peer = this[kPeer];
  if (peer && !peer.write(chunk)) this.pause();
}
function resumePeer(this: TunnelSocket): void {
  this[kPeer]?.resume();
}
function endPeer(this: TunnelSocket): void {
  this[kPeer]?.end();
}
function closePair(this: TunnelSocket): void {
  const peer = this[kPeer];
  this[kOpen]?.delete(this);
  if (peer) peer[kOpen]?.delete(peer);
  this.destroy();
  peer?.destroy();
}

/**
 * Joins the two sockets for the rest of their lives: backpressure both ways, one side's end or
 * close ends the other. Apart from the route on purpose: an idle tunnel must hold nothing of its
 * handshake, and a listener created inside the route would keep the route's whole scope alive
 * (the request, its reply, the upstream request and its agent) for as long as the socket is open.
 */
function join(client: TunnelSocket, upstream: TunnelSocket, open: Set<Socket>): void {
  open.add(client);
  client[kOpen] = open;
  client[kPeer] = upstream;
  upstream[kPeer] = client;
  for (const socket of [client, upstream]) {
    socket.setNoDelay(true);
    socket.on('data', forward);
    socket.on('drain', resumePeer);
    socket.on('end', endPeer);
    socket.on('close', closePair);
    socket.on('error', closePair);
  }
}

/** Routes every HTTP upgrade through Fastify; `tunnelRoute` handles the ones for `path`. */
export function registerWebSocketTunnel(app: Service, options: { path: string; pool: UpstreamPool }): void {
  const open = new Set<Socket>();

  app.server.on('upgrade', (raw: UpgradingRequest, socket: Socket, head: Buffer) => {
    // Node drops its own error listener before 'upgrade': guard the socket while hooks run.
    socket.on('error', destroyOnError);
    const response = new ServerResponse(raw);
    raw[kUpgrade] = { socket, head, response };
    response.assignSocket(socket);
    // A refusal (401, 429…) is written as an HTTP answer on the socket, which then closes.
    response.on('finish', () => socket.destroy());
    app.routing(raw, response);
  });

  app.addHook('preClose', async () => {
    for (const socket of open) socket.destroy();
  });

  app.get(options.path, (request: FastifyRequest, reply: FastifyReply) => {
    const raw = request.raw as UpgradingRequest;
    const upgrade = raw[kUpgrade];
    if (!upgrade || request.headers.upgrade?.toLowerCase() !== 'websocket') {
      throw new AppError('NOT_FOUND', 'This endpoint speaks WebSocket only');
    }
    reply.hijack();
    const { socket: client, head, response } = upgrade;
    const address = options.pool.next();
    const target = new URL(address);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers))
      if (!DROPPED.has(name) && typeof value === 'string') headers[name] = value;
    const outgoing = httpRequest({
      host: target.hostname,
      port: target.port,
      method: 'GET',
      path: raw.url,
      headers: upstreamWebSocketHeaders({ ...headers, host: target.host }, request),
      agent: false,
    });
    // Nothing waits forever: a handshake chat-service does not answer in time is a 503.
    const timer = setTimeout(
      () => outgoing.destroy(Object.assign(new Error('upstream handshake timed out'), { code: 'ETIMEDOUT' })),
      HANDSHAKE_TIMEOUT_MS,
    );
    // The client hung up mid-handshake: the upstream is fine (no eject, nobody to answer 503 to).
    let abandoned = false;
    const abandon = () => {
      abandoned = true;
      outgoing.destroy();
    };
    client.once('close', abandon);
    outgoing.on('upgrade', (answer, upstream: Socket, upstreamHead) => {
      clearTimeout(timer);
      client.removeListener('close', abandon);
      if (client.destroyed) return upstream.destroy();
      client.removeListener('error', destroyOnError);
      client.write(responseHead(answer));
      if (upstreamHead.length > 0) client.write(upstreamHead);
      if (head.length > 0) upstream.write(head);
      // The socket no longer answers through the upgrade's HTTP objects: let them go.
      response.detachSocket(client);
      delete raw[kUpgrade];
      join(client, upstream, open);
    });
    // Not upgraded (chat-service refused the handshake): its answer goes back as it is.
    outgoing.on('response', (answer) => {
      clearTimeout(timer);
      // A refusal is small: gathered, so it goes back with a length (it may have come chunked).
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('error', () => client.destroy());
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        client.end(Buffer.concat([Buffer.from(responseHead(answer, body.length)), body]));
      });
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (abandoned) return;
      if (error.code && CONNECTION_FAILURES.has(error.code)) options.pool.eject(address, error.code);
      const body = JSON.stringify({
        error: { code: 'UPSTREAM_UNAVAILABLE', message: `${options.pool.name} is unavailable; try again` },
        requestId: request.id,
      });
      if (client.writable) {
        client.end(
          `HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json; charset=utf-8\r\n` +
            `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
        );
      }
      client.destroy();
    });
    outgoing.end();
  });
}
