import { expect, test } from './support/fixtures';

function adminCredentials() {
  const email = process.env.E2E_ADMIN_EMAIL;
  const password = process.env.E2E_ADMIN_PASSWORD;
  if (!email || !password)
    throw new Error('E2E_ADMIN_EMAIL/E2E_ADMIN_PASSWORD are not set: the stack runner seeds the admin');
  return { email, password };
}

test('an admin sees the sign-in settings, adds and removes an OIDC provider, and resets a two-factor', async ({
  page,
}) => {
  const admin = adminCredentials();
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/chat$/);

  await page.goto('/admin/sign-in');
  // The policy is shared by every test of the run: read, not changed, here (the API tests change it).
  await expect(page.getByLabel('Who must use it')).toHaveValue('off');
  const list = page.getByRole('list', { name: 'Sign-in providers' });
  await expect(list.getByRole('listitem', { name: 'Test IdP' })).toContainText('from the environment');

  const form = page.getByRole('form', { name: 'Add a provider' });
  await form.getByLabel('Id (in the callback URL)').fill('staff');
  await form.getByLabel('Button label').fill('Staff SSO');
  await form.getByLabel('Issuer URL').fill('https://sso.example.com/realms/staff');
  await form.getByLabel('Client id').fill('vivier');
  await form.getByLabel('Client secret').fill('staff-client-secret');
  await form.getByRole('button', { name: 'Add provider' }).click();
  await expect(list.getByRole('listitem', { name: 'Staff SSO' })).toContainText('no linking');

  await page.getByRole('button', { name: 'Remove Staff SSO' }).click();
  await expect(list.getByRole('listitem', { name: 'Staff SSO' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByLabel('Search users').fill(admin.email);
  // The search filters on the server (debounced): wait until only this user is left.
  await expect(page.getByRole('row')).toHaveCount(2);
  const row = page.getByRole('row', { name: admin.email });
  const confirm = row.getByRole('button', { name: `Confirm two-factor reset of ${admin.email}` });
  // The list may still be replaced by the filtered page (a new row, back to "Reset 2FA"): ask again
  // until the confirmation shows.
  await expect(async () => {
    if (!(await confirm.isVisible())) {
      await row.getByRole('button', { name: `Reset two-factor of ${admin.email}` }).click();
    }
    await expect(confirm).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await confirm.click();
  await expect(page.getByText(`${admin.email}: two-factor authentication reset`)).toBeVisible();
});
