import fc, { type Arbitrary } from 'fast-check';
import type { z } from 'zod';
import {
  awkwardString,
  bodyFor,
  conformingValue,
  hostileJson,
  violatingValue,
  type FieldHints,
} from './zod-arbitrary';

/** A route as @vivier/service-kit's `registeredRoutes` lists it (structurally, so testkit needs no Fastify). */
export interface RouteShape {
  method: string;
  url: string;
  schema?: { body?: unknown; querystring?: unknown; params?: unknown };
}

export interface InjectRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

export interface InjectResponse {
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
}

/** Fastify's `app.inject`, narrowed to what these tests use. */
export interface Injector {
  inject(request: InjectRequest): Promise<InjectResponse>;
}

const asSchema = (schema: unknown) => schema as z.ZodType | undefined;
const hasBody = (method: string) =>
  method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE';

/** Printable ASCII: what a header value can carry on a real connection. */
const headerValue: Arbitrary<string> = fc.oneof(
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
    maxLength: 80,
  }),
  fc.constantFrom('', ' ', 'x'.repeat(4096), 'null', '-1', '999999999999999999999', '__proto__', '../..'),
);

const contentTypes = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/xml',
  '',
  ';;;',
  'application/json, text/plain',
] as const;

/** Bodies no serialiser would produce: broken, empty, deeply nested, prototype-polluting, too big. */
const rawBodies = fc.constantFrom(
  '',
  '{',
  '}',
  'null',
  '[]',
  '"a string"',
  '0',
  'true',
  '{"a":1,"a":2}',
  '{"__proto__":{"role":"ADMIN","isAdmin":true}}',
  '{"constructor":{"prototype":{"role":"ADMIN"}}}',
  '\u0000',
  '\uFEFF{}',
  `${'['.repeat(3000)}${']'.repeat(3000)}`,
  `{"content":"${'é'.repeat(600_000)}"}`,
  'x'.repeat(1024 * 1024 + 1),
);

/** encodeURIComponent for any string: a lone surrogate (no UTF-8 form) becomes U+FFFD as a browser sends it. */
const encode = (text: string) => encodeURIComponent(Buffer.from(text, 'utf8').toString('utf8'));

function serialiseQuery(value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return '';
  const parts: string[] = [];
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    const values = Array.isArray(field) ? field : [field];
    for (const item of values) {
      if (item === undefined) continue;
      const text = typeof item === 'object' ? JSON.stringify(item) : String(item);
      parts.push(`${encode(key)}=${encode(text)}`);
    }
  }
  return parts.join('&');
}

const rawQueries = fc.constantFrom(
  '%',
  'a=%zz',
  '%00=%00',
  '__proto__[role]=ADMIN',
  'constructor[prototype][x]=1',
  'limit=1&limit=2',
  'limit[]=5',
  'cursor=',
  '&&&=&=',
  `q=${'z'.repeat(10_000)}`,
);

function pin(value: unknown, pinned: Readonly<Record<string, unknown>> | undefined): unknown {
  if (!pinned || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return { ...value, ...pinned };
}

export interface RequestOptions {
  /** Headers every generated request carries (the caller's token, the service token). */
  headers: Record<string, string>;
  /** Real ids worth putting in path parameters (the caller's own resources reach the handler). */
  ids: readonly string[];
  /** Values worth trying for body and query fields by name (see FieldHints). */
  hints?: FieldHints;
  /**
   * Body fields set to these values whenever the body is an object: for a field whose change
   * would reach past this test (a plan made the default for every test file sharing the run).
   */
  pinned?: Readonly<Record<string, unknown>>;
}

/**
 * Requests for `route`: path parameters, query string, headers and body each drawn from the
 * route's zod schema (conforming, one step outside it, or anything at all) or from raw forms no
 * serialiser would produce.
 */
export function requestFor(route: RouteShape, options: RequestOptions): Arbitrary<InjectRequest> {
  const paramsSchema = asSchema(route.schema?.params) as z.ZodObject | undefined;
  const paramNames = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]!);
  const paramArbitraries = paramNames.map((name) => {
    const fieldSchema = paramsSchema?.shape?.[name] as z.ZodType | undefined;
    return fc.oneof(
      ...(options.ids.length > 0 ? [{ weight: 4, arbitrary: fc.constantFrom(...options.ids) }] : []),
      { weight: 2, arbitrary: fieldSchema ? conformingValue(fieldSchema).map(String) : fc.string() },
      { weight: 2, arbitrary: awkwardString },
    );
  });
  const path = fc.tuple(...paramArbitraries).map((values) => {
    let url = route.url;
    paramNames.forEach((name, index) => {
      url = url.replace(`:${name}`, encode(values[index] ?? ''));
    });
    return url;
  });

  const querySchema = asSchema(route.schema?.querystring);
  const query = fc.oneof(
    { weight: 2, arbitrary: fc.constant('') },
    {
      weight: 4,
      arbitrary: (querySchema
        ? fc.oneof(conformingValue(querySchema), violatingValue(querySchema))
        : hostileJson
      ).map(serialiseQuery),
    },
    { weight: 1, arbitrary: rawQueries },
  );

  const extraHeaders = fc.record(
    {
      'x-request-id': headerValue,
      accept: fc.constantFrom('*/*', 'text/event-stream', 'application/json', 'text/html', ''),
      'last-event-id': headerValue,
      cookie: headerValue.map((value) => `vivier_refresh=${value}`),
      origin: headerValue,
      'x-forwarded-for': headerValue,
    },
    { requiredKeys: [] },
  );

  const bodySchema = asSchema(route.schema?.body);
  const body: Arbitrary<{ payload?: string; contentType?: string }> = hasBody(route.method)
    ? fc.oneof(
        {
          weight: 6,
          arbitrary: bodyFor(bodySchema, options.hints).map((value) => ({
            payload: value === undefined ? undefined : JSON.stringify(pin(value, options.pinned)),
            contentType: 'application/json',
          })),
        },
        {
          weight: 1,
          arbitrary: fc.record({ payload: rawBodies, contentType: fc.constant('application/json') }),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            payload: fc.oneof(
              rawBodies,
              bodyFor(bodySchema, options.hints).map((value) => JSON.stringify(value) ?? ''),
            ),
            contentType: fc.constantFrom(...contentTypes),
          }),
        },
      )
    : fc.constant({});

  return fc
    .tuple(path, query, extraHeaders, body)
    .map(([url, search, headers, { payload, contentType }]) => ({
      method: route.method,
      url: search ? `${url}?${search}` : url,
      headers: {
        ...(headers as Record<string, string>),
        ...(contentType === undefined || (contentType === '' && payload === undefined)
          ? {}
          : { 'content-type': contentType }),
        ...options.headers,
      },
      ...(payload === undefined ? {} : { payload }),
    }));
}
