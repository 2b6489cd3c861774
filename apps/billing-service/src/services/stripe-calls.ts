import type Stripe from 'stripe';
import { AppError } from '@vivier/contracts';
import type { Logger } from '@vivier/service-kit';

/**
 * The SDK's errors, told by their `type` (StripeAPIError, StripeConnectionError, …) rather than by
 * `instanceof`: this module must not load the SDK where Stripe is not configured (lib/stripe-client).
 */
function isStripeError(error: unknown): error is Stripe.errors.StripeError {
  if (!(error instanceof Error)) return false;
  const type = (error as { type?: unknown }).type;
  return typeof type === 'string' && type.startsWith('Stripe');
}

/**
 * Runs one Stripe API call. Stripe failures (network, API, bad request) become 503
 * UPSTREAM_UNAVAILABLE for the client, with Stripe's details in our log only.
 */
export async function callStripe<T>(logger: Logger, operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!isStripeError(error)) throw error;
    logger.error(
      {
        operation,
        stripeType: error.type,
        stripeCode: error.code,
        stripeStatus: error.statusCode,
        stripeRequestId: error.requestId,
        stripeMessage: error.message,
      },
      'stripe call failed',
    );
    throw new AppError('UPSTREAM_UNAVAILABLE', 'The payment provider is unavailable; try again shortly', {
      cause: error,
    });
  }
}
