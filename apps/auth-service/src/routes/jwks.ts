import type { JWK } from 'jose';
import type { Service } from '@vivier/service-kit';

/** The public keys other services verify access tokens with. Cacheable for a few minutes. */
export async function jwksRoutes(app: Service, options: { keys: JWK[] }) {
  app.get('/.well-known/jwks.json', { logLevel: 'warn' }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send({ keys: options.keys }),
  );
}
