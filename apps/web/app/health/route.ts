/**
 * Liveness of the web server, for container and Kubernetes probes (the gateway never forwards
 * `/health` here: it answers its own). Never cached, never rendered.
 */
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}
