import { WebhookAck } from '@vivier/contracts';
import type { Service } from '@vivier/service-kit';
import type { StripeWebhookService } from '../services/stripe-webhook-service';

const WEBHOOK_BODY_LIMIT = 512 * 1024;

/**
 * Stripe signs the exact bytes it sends, so this plugin (and only it: parsers are encapsulated)
 * takes JSON bodies as a raw Buffer instead of parsing them.
 */
export async function webhookRoutes(app: Service, { webhooks }: { webhooks: StripeWebhookService }) {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );

  app.post('/api/billing/webhook', { schema: { response: { 200: WebhookAck } } }, async (request) => {
    const signature = request.headers['stripe-signature'];
    await webhooks.receive(request.body, typeof signature === 'string' ? signature : undefined);
    return { received: true as const };
  });
}
