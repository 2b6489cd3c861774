import { Subscription } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { SubscriptionService } from '../services/subscription-service';

export async function subscriptionRoutes(
  app: Service,
  { subscriptions }: { subscriptions: SubscriptionService },
) {
  app.get(
    '/api/billing/subscription',
    { onRequest: app.authenticate, schema: { response: { 200: Subscription } } },
    (request) => subscriptions.getSubscription(callerOf(request).id),
  );
}
