import { describe, expect, it } from 'vitest';
import { formField, formRecord, parseFormBody } from './form-body';

describe('parseFormBody', () => {
  it('nests bracketed keys and indexes arrays the way the Stripe SDK encodes them', () => {
    const body = parseFormBody(
      'mode=subscription&line_items[0][price]=price_1&line_items[0][quantity]=1&line_items[1][price]=price_2' +
        '&metadata[userId]=usr_1&subscription_data[metadata][planId]=pln_1&success_url=http%3A%2F%2Fx%2Fok%3Fa%3D1%26b%3D2',
    );
    expect(body).toEqual({
      mode: 'subscription',
      line_items: [{ price: 'price_1', quantity: '1' }, { price: 'price_2' }],
      metadata: { userId: 'usr_1' },
      subscription_data: { metadata: { planId: 'pln_1' } },
      success_url: 'http://x/ok?a=1&b=2',
    });
    expect(formField(body, 'line_items', 1, 'price')).toBe('price_2');
    expect(formRecord(body.metadata)).toEqual({ userId: 'usr_1' });
  });

  it('accepts percent-encoded brackets and keeps empty strings (the SDK’s null)', () => {
    expect(parseFormBody('metadata%5Bkey%5D=&name=A+B')).toEqual({ metadata: { key: '' }, name: 'A B' });
  });
});
