import { describe, expect, it } from 'vitest';
import { formatterIn } from '../../i18n/test-support';
import { formatMoney } from './use-money';

describe('formatMoney', () => {
  it('shows small costs with two significant digits and larger ones in cents', () => {
    const english = formatterIn('en');
    expect(formatMoney(english, 0)).toBe('$0');
    expect(formatMoney(english, 123)).toBe('$0.00012');
    expect(formatMoney(english, 4)).toBe('$0.000004');
    expect(formatMoney(english, 25_000)).toBe('$0.025');
    expect(formatMoney(english, 2_500_000)).toBe('$2.50');
  });

  it('writes the amount the reader’s way', () => {
    expect(formatMoney(formatterIn('fr'), 25_000)).toBe('0,025\u00a0$US');
    expect(formatMoney(formatterIn('de'), 2_500_000)).toBe('2,50\u00a0$');
  });
});
