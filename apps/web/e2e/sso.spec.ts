import { expect, screenshot, signInThroughIdp, test, uniqueEmail } from './support/fixtures';

test.describe('single sign-on (OpenID Connect)', () => {
  test('"Sign in with Test IdP" goes through the IdP login form and lands signed in; the next time is the same account', async ({
    page,
  }) => {
    const email = uniqueEmail('sso');
    await page.goto('/login');
    const button = page.getByRole('link', { name: 'Sign in with Test IdP' });
    await expect(button).toBeVisible();
    await screenshot(page, 'sso-login');
    await button.click();

    // The IdP's own page (oidc-provider's development login form).
    await page.locator('input[name="login"]').fill(email);
    await page.locator('input[name="password"]').fill('anything');
    await page.getByRole('button', { name: 'Sign-in' }).click();

    await expect(page).toHaveURL(/\/chat$/);
    await expect(page.getByLabel('Message', { exact: true })).toBeVisible();
    await expect(page.getByText(email)).toBeVisible();
    // Verified by the IdP: no banner asking to confirm the address.
    await expect(page.getByText('Please confirm your email address')).toHaveCount(0);

    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    // The IdP remembers its session: straight back into Vivier.
    await expect(page).toHaveURL(/\/chat$/);
    await expect(page.getByText(email)).toBeVisible();
  });

  test('a refused sign-in comes back to the login page with a clear message', async ({ page }) => {
    await page.goto('/api/auth/oidc/nope/start');
    await expect(page).toHaveURL(/\/login\?sso_error=unknown_provider/);
    await expect(
      page.getByRole('alert').filter({ hasText: 'That sign-in provider is not available.' }),
    ).toBeVisible();
  });
});

test('an account made by single sign-on deletes itself by typing its email (it has no password to ask for)', async ({
  page,
}) => {
  const email = uniqueEmail('sso-leaver');
  await signInThroughIdp(page, 'Sign in with Test IdP', email);

  await page.goto('/account');
  await page.getByRole('button', { name: 'Delete my account…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
  await expect(dialog.getByLabel('Password')).toHaveCount(0);
  await dialog.getByLabel(/Type your email/).fill('not-my-address@example.test');
  await dialog.getByRole('button', { name: 'Delete my account' }).click();
  await expect(dialog.getByText('Type your email address exactly to confirm.')).toBeVisible();
  await dialog.getByLabel(/Type your email/).fill(email);
  await dialog.getByRole('button', { name: 'Delete my account' }).click();
  // Signed out (the page's own queries may reach the login first, with ?next=); the session is no
  // more (the deletion itself is proven in auth-service's oidc.int.test.ts).
  await expect(page).toHaveURL(/\/login/);
  expect((await page.request.post('/api/auth/refresh')).status()).toBe(401);
});
