/**
 * Readiness of the web server. The app holds no connections of its own (the browser calls the
 * API through the gateway), so it is ready as soon as it answers.
 */
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ready', checks: {} }, { headers: { 'cache-control': 'no-store' } });
}
