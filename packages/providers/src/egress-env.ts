import { z } from 'zod';
import type { EgressPolicy } from './egress-policy';

/** Spread into the env schema of every service that calls admin-entered URLs. */
export const egressEnv = {
  /** true: admin-entered URLs may reach loopback/private/link-local/unique-local/CGNAT addresses (a local Ollama). */
  EGRESS_ALLOW_PRIVATE: z
    .enum(['true', 'false', '1', '0'])
    .transform((value) => value === 'true' || value === '1')
    .default(false),
  /** Comma-separated hostnames (or `*.suffix`) allowed whatever they resolve to. */
  EGRESS_ALLOWED_HOSTS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((host) => host.trim())
        .filter(Boolean),
    )
    .optional(),
};

export function egressPolicyFromEnv(env: {
  EGRESS_ALLOW_PRIVATE?: boolean;
  EGRESS_ALLOWED_HOSTS?: string[];
}): EgressPolicy {
  return { allowPrivate: env.EGRESS_ALLOW_PRIVATE ?? false, allowedHosts: env.EGRESS_ALLOWED_HOSTS ?? [] };
}
