import { formField, formList, formRecord, type FormObject, type FormValue } from './form-body';
import { stripeId, unixNow } from './stripe-ids';

/** A Stripe API object as the stub stores and serves it. */
export type StripeObject = { id: string; object: string } & Record<string, unknown>;

/** Answers in Stripe's error shape: `{ error: { type, code?, param?, message } }`. */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly param?: string,
    readonly type = 'invalid_request_error',
  ) {
    super(message);
  }

  toBody() {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code ? { code: this.code } : {}),
        ...(this.param ? { param: this.param } : {}),
      },
    };
  }
}

export interface StripeStubState {
  customers: Map<string, StripeObject>;
  products: Map<string, StripeObject>;
  prices: Map<string, StripeObject>;
  checkoutSessions: Map<string, StripeObject>;
  portalSessions: Map<string, StripeObject>;
  subscriptions: Map<string, StripeObject>;
}

export function createStripeState(): StripeStubState {
  return {
    customers: new Map(),
    products: new Map(),
    prices: new Map(),
    checkoutSessions: new Map(),
    portalSessions: new Map(),
    subscriptions: new Map(),
  };
}

const missing = (param: string) =>
  new StripeApiError(400, `Missing required param: ${param}.`, 'parameter_missing', param);
const noSuch = (what: string, id: string, param?: string) =>
  new StripeApiError(param ? 400 : 404, `No such ${what}: '${id}'`, 'resource_missing', param);

function required(body: FormObject, ...path: string[]): string {
  const value = formField(body, ...path);
  if (!value) throw missing(path.length === 1 ? path[0]! : `${path[0]}[${path.slice(1).join('][')}]`);
  return value;
}

function integer(value: string | undefined, param: string): number {
  if (value === undefined || !/^-?\d+$/.test(value))
    throw new StripeApiError(400, `Invalid integer: ${value ?? ''}`, undefined, param);
  return Number(value);
}

function lookup(map: Map<string, StripeObject>, id: string, what: string, param?: string): StripeObject {
  const found = map.get(id);
  if (!found) throw noSuch(what, id, param);
  return found;
}

const base = (prefix: string, object: string) => ({
  id: stripeId(prefix),
  object,
  created: unixNow(),
  livemode: false,
});

export interface StripeRouteContext {
  state: StripeStubState;
  /** The stub's own origin, for the hosted-page URLs it hands out. */
  baseUrl: string;
  body: FormObject;
}

type Handler = (context: StripeRouteContext, id: string) => StripeObject;

function createCustomer({ state, body }: StripeRouteContext): StripeObject {
  const customer = {
    ...base('cus', 'customer'),
    email: formField(body, 'email') ?? null,
    name: formField(body, 'name') ?? null,
    description: formField(body, 'description') ?? null,
    metadata: formRecord(body.metadata),
  };
  state.customers.set(customer.id, customer);
  return customer;
}

function createProduct({ state, body }: StripeRouteContext): StripeObject {
  const product = {
    ...base('prod', 'product'),
    active: formField(body, 'active') !== 'false',
    name: required(body, 'name'),
    description: formField(body, 'description') ?? null,
    metadata: formRecord(body.metadata),
  };
  state.products.set(product.id, product);
  return product;
}

function createPrice(context: StripeRouteContext): StripeObject {
  const { state, body } = context;
  const currency = required(body, 'currency').toLowerCase();
  let productId = formField(body, 'product');
  if (productId) lookup(state.products, productId, 'product', 'product');
  else if (body.product_data)
    productId = createProduct({ ...context, body: body.product_data as FormObject }).id;
  else throw missing('product');
  const interval = formField(body, 'recurring', 'interval');
  if (interval && !['day', 'week', 'month', 'year'].includes(interval)) {
    throw new StripeApiError(
      400,
      `Invalid recurring[interval]: must be one of day, week, month, or year`,
      undefined,
      'recurring[interval]',
    );
  }
  const price = {
    ...base('price', 'price'),
    active: true,
    currency,
    unit_amount: integer(formField(body, 'unit_amount'), 'unit_amount'),
    product: productId,
    type: interval ? 'recurring' : 'one_time',
    recurring: interval
      ? {
          interval,
          interval_count: Number(formField(body, 'recurring', 'interval_count') ?? '1'),
          usage_type: 'licensed',
        }
      : null,
    lookup_key: formField(body, 'lookup_key') ?? null,
    metadata: formRecord(body.metadata),
  };
  state.prices.set(price.id, price);
  return price;
}

function createCheckoutSession({ state, body, baseUrl }: StripeRouteContext): StripeObject {
  const mode = required(body, 'mode');
  if (!['payment', 'setup', 'subscription'].includes(mode)) {
    throw new StripeApiError(
      400,
      `Invalid mode: must be one of payment, setup, or subscription`,
      undefined,
      'mode',
    );
  }
  const successUrl = required(body, 'success_url');
  const customer = formField(body, 'customer');
  if (customer) lookup(state.customers, customer, 'customer', 'customer');
  const lineItems = formList(body.line_items);
  if (mode !== 'setup' && lineItems.length === 0) throw missing('line_items');
  lineItems.forEach((item: FormValue, index) => {
    const priceId = formField(item, 'price');
    if (!priceId) throw missing(`line_items[${index}][price]`);
    const price = lookup(state.prices, priceId, 'price', `line_items[${index}][price]`);
    if (mode === 'subscription' && price.type !== 'recurring') {
      throw new StripeApiError(
        400,
        'You must provide at least one recurring price in `subscription` mode when using prices.',
      );
    }
  });
  const id = stripeId('cs_test', 58);
  const session = {
    id,
    object: 'checkout.session',
    created: unixNow(),
    expires_at: unixNow() + 24 * 3600,
    livemode: false,
    mode,
    status: 'open',
    payment_status: 'unpaid',
    customer: customer ?? null,
    client_reference_id: formField(body, 'client_reference_id') ?? null,
    metadata: formRecord(body.metadata),
    success_url: successUrl,
    cancel_url: formField(body, 'cancel_url') ?? null,
    subscription: null,
    // Not part of Stripe's object (line_items must be expanded there); kept for completeCheckout.
    line_items_input: lineItems,
    subscription_data_metadata: formRecord((body.subscription_data as FormObject | undefined)?.metadata),
    url: `${baseUrl}/c/pay/${id}`,
  };
  state.checkoutSessions.set(id, session);
  return session;
}

function createPortalSession({ state, body, baseUrl }: StripeRouteContext): StripeObject {
  const customer = required(body, 'customer');
  lookup(state.customers, customer, 'customer', 'customer');
  const session = {
    ...base('bps', 'billing_portal.session'),
    customer,
    return_url: formField(body, 'return_url') ?? null,
    configuration: 'bpc_stub_default',
  };
  const withUrl = { ...session, url: `${baseUrl}/p/session/${session.id}` };
  state.portalSessions.set(session.id, withUrl);
  return withUrl;
}

const retrieve =
  (key: keyof StripeStubState, what: string): Handler =>
  ({ state }, id) =>
    lookup(state[key], id, what);

/** Method + path pattern → handler; `:id` is the one path parameter the API uses here. */
const routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = [
  { method: 'POST', pattern: /^\/v1\/customers$/, handler: createCustomer },
  { method: 'GET', pattern: /^\/v1\/customers\/([^/]+)$/, handler: retrieve('customers', 'customer') },
  { method: 'POST', pattern: /^\/v1\/products$/, handler: createProduct },
  { method: 'GET', pattern: /^\/v1\/products\/([^/]+)$/, handler: retrieve('products', 'product') },
  { method: 'POST', pattern: /^\/v1\/prices$/, handler: createPrice },
  { method: 'GET', pattern: /^\/v1\/prices\/([^/]+)$/, handler: retrieve('prices', 'price') },
  { method: 'POST', pattern: /^\/v1\/checkout\/sessions$/, handler: createCheckoutSession },
  {
    method: 'GET',
    pattern: /^\/v1\/checkout\/sessions\/([^/]+)$/,
    handler: retrieve('checkoutSessions', 'checkout.session'),
  },
  { method: 'POST', pattern: /^\/v1\/billing_portal\/sessions$/, handler: createPortalSession },
  {
    method: 'GET',
    pattern: /^\/v1\/subscriptions\/([^/]+)$/,
    handler: retrieve('subscriptions', 'subscription'),
  },
];

/** The API object a request produces, or a StripeApiError. Unknown URLs get Stripe's own 404. */
export function handleStripeRequest(method: string, path: string, context: StripeRouteContext): StripeObject {
  for (const route of routes) {
    const match = route.method === method ? route.pattern.exec(path) : null;
    if (match) return route.handler(context, decodeURIComponent(match[1] ?? ''));
  }
  throw new StripeApiError(404, `Unrecognized request URL (${method}: ${path}).`);
}

/** Fields the stub keeps for itself and never serves. */
export function publicView(object: StripeObject): StripeObject {
  const { line_items_input: _lineItems, subscription_data_metadata: _metadata, ...rest } = object;
  return rest;
}
