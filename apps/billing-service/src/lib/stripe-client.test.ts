import { describe, expect, it } from 'vitest';
import { stripeApiLocation } from './stripe-client';

describe('stripeApiLocation', () => {
  it('splits an API URL into the SDK settings and leaves the real API alone', () => {
    expect(stripeApiLocation('http://127.0.0.1:12111')).toEqual({
      host: '127.0.0.1',
      port: 12111,
      protocol: 'http',
    });
    expect(stripeApiLocation('https://stripe.internal')).toEqual({
      host: 'stripe.internal',
      port: 443,
      protocol: 'https',
    });
    expect(stripeApiLocation('http://[::1]:8080/')).toEqual({ host: '::1', port: 8080, protocol: 'http' });
    expect(stripeApiLocation(undefined)).toEqual({});
  });
});
