/**
 * The `domains` sign-up rule: an address is at a listed domain or at a subdomain of one
 * (`a@eu.example.com` under `example.com`); `a@notexample.com` and `a@example.com.evil.test` are
 * not. Both sides arrive lowercased (emails are stored lowercased, domains are saved lowercased).
 */
export function isEmailInDomains(email: string, domains: readonly string[]): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return domains.some((allowed) => domain === allowed || domain.endsWith(`.${allowed}`));
}
