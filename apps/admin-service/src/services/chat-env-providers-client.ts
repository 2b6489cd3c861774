import { EnvProviderOfferList } from '@vivier/contracts';
import type { Logger } from '@vivier/service-kit';
import { createInternalApi } from './internal-api';

/** chat-service's list of the providers its env configures (it holds their keys; admin-service does not). */
export interface ChatEnvProvidersClient {
  listEnvProviders(requestId: string): Promise<EnvProviderOfferList>;
}

export function createChatEnvProvidersClient(options: {
  /** Unset: the env providers cannot be listed (503); their access can still be saved. */
  baseUrl: string | undefined;
  internalToken: string;
  logger: Logger;
  timeoutMs?: number;
}): ChatEnvProvidersClient {
  const call = createInternalApi({
    ...options,
    service: 'chat-service',
    unavailableMessage:
      'The providers configured by environment cannot be listed right now; try again shortly',
    notFoundMessage: 'Not found',
  });
  return {
    listEnvProviders(requestId) {
      return call(EnvProviderOfferList, { method: 'GET', path: '/internal/env-providers', requestId });
    },
  };
}
