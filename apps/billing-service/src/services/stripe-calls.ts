import Stripe from 'stripe';
import { AppError } from '@vivier/contracts';
import type { Logger } from '@vivier/service-kit';

/**
 * Runs one Stripe API call. Stripe failures (network, API, bad request) become 503
 * UPSTREAM_UNAVAILABLE for the client, with Stripe's details in our log only.
 */
export async function callStripe<T>(logger: Logger, operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
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
