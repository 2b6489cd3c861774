import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBodyBytes, sendJson } from '../http-utils';
import { parseFormBody, type FormObject } from './form-body';
import { STRIPE_STUB_API_VERSION } from './stripe-events';
import { stripeId } from './stripe-ids';
import {
  cancelSubscription,
  changeSubscription,
  completeCheckoutSession,
  failedInvoice,
  type CompleteCheckoutOptions,
  type SubscriptionChange,
} from './stripe-lifecycle';
import {
  createStripeState,
  handleStripeRequest,
  publicView,
  StripeApiError,
  type StripeObject,
  type StripeStubState,
} from './stripe-resources';

/** One request the stub received, with its form body decoded, for tests to assert on. */
export interface StripeStubRequest {
  method: string;
  path: string;
  query: FormObject;
  body: FormObject;
  headers: IncomingHttpHeaders;
  idempotencyKey: string | undefined;
  /** The status the stub answered with. */
  status: number;
}

export interface StripeStubFault {
  status: number;
  message?: string;
  type?: string;
  code?: string;
  /** Only requests to this path (e.g. `/v1/checkout/sessions`) fail; default any. */
  path?: string;
}

export interface StripeStub extends StripeStubState {
  /** `http://127.0.0.1:PORT`: use as STRIPE_API_URL. */
  url: string;
  /** For `new Stripe(key, { host, port, protocol })`. */
  host: string;
  port: number;
  protocol: 'http';
  /** Every API request received, in order (a live array). */
  requests: StripeStubRequest[];
  requestsTo(method: string, path: string): StripeStubRequest[];
  /** The next matching request answers with this error instead (once). */
  failNext(fault: StripeStubFault): void;
  completeCheckout(
    sessionId: string,
    options?: CompleteCheckoutOptions,
  ): { session: StripeObject; subscription: StripeObject };
  changeSubscription(subscriptionId: string, change: SubscriptionChange): StripeObject;
  cancelSubscription(subscriptionId: string): StripeObject;
  failedInvoice(subscriptionId: string): StripeObject;
  /** Forgets the request log, stored objects, idempotency keys and pending faults. */
  reset(): void;
  close(): Promise<void>;
}

export interface StripeStubOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>` (as the SDK sends it). */
  apiKey?: string;
}

const MAX_BODY_BYTES = 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<string> {
  const body = await readBodyBytes(request, MAX_BODY_BYTES);
  if (!body) throw new StripeApiError(413, 'Request body too large');
  return body.toString('utf8');
}

/** A JSON answer with the `request-id` header every Stripe response carries. */
function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJson(response, status, body, { 'request-id': stripeId('req', 14), ...headers });
}

function hostedPage(response: ServerResponse, title: string): void {
  const html = `<!doctype html><title>${title}</title><h1>${title}</h1><p>Stripe stub: nothing to pay here.</p>`;
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(html);
}

/**
 * A local stand-in for the Stripe REST API: the endpoints billing-service uses (customers,
 * products, prices, Checkout and Customer Portal sessions, subscription lookups), form-encoded
 * requests in, Stripe-shaped JSON out, Idempotency-Key replay, and every request recorded.
 * The real SDK reaches it through its host/port/protocol settings.
 */
export async function startStripeStub(options: StripeStubOptions = {}): Promise<StripeStub> {
  let state = createStripeState();
  const requests: StripeStubRequest[] = [];
  let faults: StripeStubFault[] = [];
  let idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  let baseUrl = '';

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stub');
    const method = request.method ?? 'GET';
    if (method === 'GET' && url.pathname.startsWith('/c/pay/'))
      return hostedPage(response, 'Stripe Checkout (stub)');
    if (method === 'GET' && url.pathname.startsWith('/p/session/'))
      return hostedPage(response, 'Customer Portal (stub)');

    const raw = await readBody(request);
    const idempotencyKey =
      typeof request.headers['idempotency-key'] === 'string' ? request.headers['idempotency-key'] : undefined;
    const record: StripeStubRequest = {
      method,
      path: url.pathname,
      query: parseFormBody(url.search.slice(1)),
      body: parseFormBody(raw),
      headers: request.headers,
      idempotencyKey,
      status: 0,
    };
    requests.push(record);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      send(response, status, body, {
        'stripe-version': String(request.headers['stripe-version'] ?? STRIPE_STUB_API_VERSION),
        ...headers,
      });
    };

    try {
      const authorization = request.headers.authorization ?? '';
      if (
        !/^Bearer \S+$/.test(authorization) ||
        (options.apiKey && authorization !== `Bearer ${options.apiKey}`)
      ) {
        throw new StripeApiError(401, 'Invalid API Key provided.');
      }
      const faultIndex = faults.findIndex((fault) => !fault.path || fault.path === url.pathname);
      if (faultIndex >= 0) {
        const [fault] = faults.splice(faultIndex, 1);
        const type = fault!.type ?? (fault!.status >= 500 ? 'api_error' : 'invalid_request_error');
        throw new StripeApiError(
          fault!.status,
          fault!.message ?? 'Injected failure',
          fault!.code,
          undefined,
          type,
        );
      }

      const fingerprint = `${method} ${url.pathname} ${raw}`;
      const previous = method === 'POST' && idempotencyKey ? idempotent.get(idempotencyKey) : undefined;
      if (previous) {
        if (previous.fingerprint !== fingerprint) {
          throw new StripeApiError(
            400,
            'Keys for idempotent requests can only be used with the same parameters they were first used with.',
            undefined,
            undefined,
            'idempotency_error',
          );
        }
        return answer(previous.status, previous.body, { 'idempotent-replayed': 'true' });
      }

      const object = publicView(
        handleStripeRequest(method, url.pathname, { state, baseUrl, body: record.body }),
      );
      if (method === 'POST' && idempotencyKey)
        idempotent.set(idempotencyKey, { fingerprint, status: 200, body: object });
      return answer(200, object);
    } catch (error) {
      if (error instanceof StripeApiError) return answer(error.status, error.toBody());
      return answer(500, {
        error: { type: 'api_error', message: error instanceof Error ? error.message : String(error) },
      });
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        send(response, 500, { error: { type: 'api_error', message: String(error) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    host: '127.0.0.1',
    port,
    protocol: 'http',
    requests,
    get customers() {
      return state.customers;
    },
    get products() {
      return state.products;
    },
    get prices() {
      return state.prices;
    },
    get checkoutSessions() {
      return state.checkoutSessions;
    },
    get portalSessions() {
      return state.portalSessions;
    },
    get subscriptions() {
      return state.subscriptions;
    },
    requestsTo: (method, path) =>
      requests.filter((request) => request.method === method && request.path === path),
    failNext: (fault) => void faults.push(fault),
    completeCheckout: (sessionId, checkoutOptions) =>
      completeCheckoutSession(state, sessionId, checkoutOptions),
    changeSubscription: (subscriptionId, change) => changeSubscription(state, subscriptionId, change),
    cancelSubscription: (subscriptionId) => cancelSubscription(state, subscriptionId),
    failedInvoice: (subscriptionId) => failedInvoice(state, subscriptionId),
    reset() {
      state = createStripeState();
      requests.length = 0;
      faults = [];
      idempotent = new Map();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
