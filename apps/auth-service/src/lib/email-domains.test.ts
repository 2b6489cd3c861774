import { describe, expect, it } from 'vitest';
import { isEmailInDomains } from './email-domains';

describe('isEmailInDomains', () => {
  it('admits the domain itself and its subdomains', () => {
    expect(isEmailInDomains('ada@example.com', ['example.com'])).toBe(true);
    expect(isEmailInDomains('ada@eu.example.com', ['other.test', 'example.com'])).toBe(true);
  });

  it('refuses lookalikes: a longer name, the domain as a prefix, a quoted @ in the local part', () => {
    expect(isEmailInDomains('eve@notexample.com', ['example.com'])).toBe(false);
    expect(isEmailInDomains('eve@example.com.evil.test', ['example.com'])).toBe(false);
    expect(isEmailInDomains('"x@example.com"@evil.test', ['example.com'])).toBe(false);
    expect(isEmailInDomains('ada@example.com', [])).toBe(false);
  });
});
