/**
 * Error codes that mean an upstream address did not take the request (nothing reached it): the
 * address is ejected from its pool. The HTTP proxy (undici) and the WebSocket tunnel (net) share it.
 */
export const CONNECTION_FAILURES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);
