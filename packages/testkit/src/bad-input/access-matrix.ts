import fc from 'fast-check';
import type { z } from 'zod';
import { conformingValue } from './zod-arbitrary';
import { envelopeProblem } from './envelope-check';
import type { InjectRequest, Injector, RouteShape } from './route-requests';

export type Access = 'public' | 'user' | 'admin' | 'internal';

/**
 * Who may call `route`, by the rules in ARCHITECTURE.md: `/internal/*` needs the service token,
 * `/api/admin/*` an ADMIN, the listed public routes nobody, the rest of `/api/*` any signed-in
 * user, and so is the OpenAI-compatible `/v1/*` (an API key at the gateway, a user's token behind
 * it). Health, readiness, metrics and the JWKS are public. A new route therefore lands in the
 * access matrix with the strictest default that fits its path, not outside it.
 */
export function accessOf(route: RouteShape, publicRoutes: ReadonlySet<string>): Access {
  if (publicRoutes.has(`${route.method} ${route.url}`)) return 'public';
  if (route.url.startsWith('/internal/')) return 'internal';
  if (route.url.startsWith('/api/admin/') || route.url === '/api/admin') return 'admin';
  if (route.url.startsWith('/api/') || route.url.startsWith('/v1/')) return 'user';
  return 'public';
}

/** A value the schema accepts, found among conforming samples (refinements are checked by parsing). */
export function acceptedValue(schema: z.ZodType): unknown {
  for (const value of fc.sample(conformingValue(schema), { numRuns: 300, seed: 7 })) {
    if (schema.safeParse(value).success) return value;
  }
  throw new Error('no accepted sample: pass this route a well-formed body of its own');
}

/**
 * A well-formed request to `route` (a body and query its schemas accept, `params` in the path),
 * so that whatever it is refused for is the access rule under test, not a malformed input.
 */
export function wellFormedRequest(
  route: RouteShape,
  options: { headers: Record<string, string>; params: Record<string, string>; body?: unknown },
): InjectRequest {
  const url = route.url.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    const value = options.params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${route.method} ${route.url}`);
    return encodeURIComponent(value);
  });
  const querySchema = route.schema?.querystring as z.ZodType | undefined;
  // The smallest query that parses: optional parameters left out, so none of them is the reason.
  const query =
    querySchema && !querySchema.safeParse({}).success
      ? (acceptedValue(querySchema) as Record<string, unknown>)
      : {};
  const search = new URLSearchParams(
    Object.entries(query)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]): [string, string] => [key, String(value)]),
  ).toString();
  const bodySchema = route.schema?.body as z.ZodType | undefined;
  const body = options.body ?? (bodySchema ? acceptedValue(bodySchema) : undefined);
  return {
    method: route.method,
    url: search ? `${url}?${search}` : url,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  };
}

export interface AccessCase {
  label: string;
  request: InjectRequest;
  status: number;
}

/**
 * Sends every case and returns, in words, each one that did not answer exactly its status with
 * the envelope (an empty list is a pass, and a failure lists every broken cell at once).
 */
export async function accessMatrixFailures(app: Injector, cases: readonly AccessCase[]): Promise<string[]> {
  const failures: string[] = [];
  for (const { label, request, status } of cases) {
    const response = await app.inject(request);
    const problem = envelopeProblem(response);
    if (response.statusCode !== status || problem) {
      failures.push(
        `${label}: expected ${status}, got ${response.statusCode} ${problem ?? response.body.slice(0, 200)}`,
      );
    }
  }
  return failures;
}
