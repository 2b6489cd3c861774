export {
  startStripeStub,
  type StripeStub,
  type StripeStubFault,
  type StripeStubOptions,
  type StripeStubRequest,
} from './server';
export {
  signStripeWebhook,
  stripeEvent,
  STRIPE_STUB_API_VERSION,
  type SignedWebhook,
  type StripeEventPayload,
  type StripeWebhookSigner,
} from './stripe-events';
export type { CompleteCheckoutOptions, SubscriptionChange } from './stripe-lifecycle';
export type { StripeObject } from './stripe-resources';
export { parseFormBody, type FormObject, type FormValue } from './form-body';
