import { CheckoutRequest, UrlResponse } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { CheckoutService } from '../services/checkout-service';

/** Both answer with a Stripe-hosted URL the browser is sent to. */
export async function checkoutRoutes(app: Service, { checkout }: { checkout: CheckoutService }) {
  app.post(
    '/api/billing/checkout',
    { onRequest: app.authenticate, schema: { body: CheckoutRequest, response: { 200: UrlResponse } } },
    (request) => checkout.startCheckout(callerOf(request).id, request.body.planId),
  );

  app.post(
    '/api/billing/portal',
    { onRequest: app.authenticate, schema: { response: { 200: UrlResponse } } },
    (request) => checkout.openPortal(callerOf(request).id),
  );
}
