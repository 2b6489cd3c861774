import { assertPublicUrl, guardedFetch, isEgressRefusedError, type EgressPolicy } from '@vivier/providers';
import type { Logger } from '@vivier/service-kit';

/** Why a base URL is refused, in words an admin can act on; undefined when it may be used. */
export type BaseUrlCheck = (url: string) => Promise<string | undefined>;

const HOW_TO_ALLOW =
  'To use a private endpoint (e.g. a local Ollama), set EGRESS_ALLOW_PRIVATE=true or list its host in EGRESS_ALLOWED_HOSTS.';

/**
 * Every admin-entered base URL goes through the egress guard: its host must resolve to public
 * addresses only, and a probe request (redirects followed and each hop checked) must not be led
 * somewhere refused. An endpoint that is merely down or slow is accepted: it may come up later,
 * and the services that call it use `guardedFetch`, which checks again on every connection.
 */
export function createBaseUrlCheck(options: {
  policy: EgressPolicy;
  probeTimeoutMs: number;
  logger: Logger;
}): BaseUrlCheck {
  const probe = guardedFetch(options.policy);
  return async (url) => {
    try {
      await assertPublicUrl(url, options.policy);
      const response = await probe(url, {
        method: 'GET',
        signal: AbortSignal.timeout(options.probeTimeoutMs),
      });
      await response.body?.cancel();
      return undefined;
    } catch (error) {
      if (isEgressRefusedError(error)) return `${error.message}. ${HOW_TO_ALLOW}`;
      options.logger.info(
        { err: error, origin: new URL(url).origin },
        'provider base URL did not answer its probe; accepted',
      );
      return undefined;
    }
  };
}
