import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Ids shaped like Stripe's (`cus_…`, `cs_test_…`, `price_…`), so code that checks prefixes works. */
export function stripeId(prefix: string, length = 24): string {
  let random = '';
  for (const byte of randomBytes(length)) random += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${random}`;
}

export const unixNow = () => Math.floor(Date.now() / 1000);
