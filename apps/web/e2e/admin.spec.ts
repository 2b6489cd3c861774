import type { Page } from '@playwright/test';
import { expect, PASSWORD, screenshot, signUp, test } from './support/fixtures';

function adminCredentials() {
  const email = process.env.E2E_ADMIN_EMAIL;
  const password = process.env.E2E_ADMIN_PASSWORD;
  if (!email || !password)
    throw new Error('E2E_ADMIN_EMAIL/E2E_ADMIN_PASSWORD are not set: the stack runner seeds the admin');
  return { email, password };
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function findUser(page: Page, email: string) {
  await page.getByLabel('Search users').fill(email);
  const row = page.getByRole('row', { name: email });
  await expect(row).toBeVisible();
  // The search filters the list (debounced, on the server): only this user is left.
  await expect(page.getByRole('row')).toHaveCount(2);
  return row;
}

test('an admin disables a signed-in user: their session is refused, they cannot sign in; enabled again, they can', async ({
  page,
  browser,
}) => {
  // The user, signed in in a browser of their own.
  const userContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const userPage = await userContext.newPage();
  const { email } = await signUp(userPage, 'disable-me');
  // Not an admin: the admin area is not there for them (and the API refuses them anyway).
  await expect(userPage.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await userPage.goto('/admin/users');
  await expect(userPage.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await userPage.goto('/chat');
  await expect(userPage.getByLabel('Message', { exact: true })).toBeVisible();

  const admin = adminCredentials();
  await signIn(page, admin.email, admin.password);
  await expect(page).toHaveURL(/\/chat$/);
  await page.getByRole('link', { name: 'Admin' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);

  let row = await findUser(page, email);
  await expect(row.getByText('Active')).toBeVisible();
  await row.getByRole('button', { name: `Disable ${email}` }).click();
  const confirm = page.getByRole('dialog', { name: 'Disable user?' });
  await expect(confirm).toContainText(email);
  await confirm.getByRole('button', { name: 'Disable', exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(row.getByText('Disabled')).toBeVisible();
  await screenshot(page, 'admin-users');

  // Their open session is refused on the next API call: they land on the sign-in page.
  await userPage.getByLabel('Search chats').fill('anything');
  await expect(userPage).toHaveURL(/\/login/);
  // And signing in again says why.
  await userPage.getByLabel('Email').fill(email);
  await userPage.getByLabel('Password').fill(PASSWORD);
  await userPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(userPage.getByText('This account has been disabled')).toBeVisible();
  await expect(userPage).toHaveURL(/\/login/);

  // The audit log has the change with before → after.
  await page.getByRole('link', { name: 'Audit log' }).click();
  // Named by the user's email, the actor as "you".
  const entry = page.getByRole('listitem', { name: `User disable user ${email}` }).first();
  await expect(entry).toContainText(`you (${admin.email})`);
  await expect(entry).toContainText(/disabled: false\s*→\s*true/);

  // Enabled again, they can sign in.
  await page.getByRole('link', { name: 'Users' }).click();
  row = await findUser(page, email);
  await row.getByRole('button', { name: `Enable ${email}` }).click();
  await page
    .getByRole('dialog', { name: 'Enable user?' })
    .getByRole('button', { name: 'Enable', exact: true })
    .click();
  await expect(row.getByText('Active')).toBeVisible();
  await userPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(userPage).toHaveURL(/\/chat/);
  await expect(userPage.getByLabel('Message', { exact: true })).toBeVisible();
  await userContext.close();
});

test('admin pages: usage stats with charts, provider settings with a refused base URL by its field, plans', async ({
  page,
}) => {
  const admin = adminCredentials();
  await signIn(page, admin.email, admin.password);
  await expect(page).toHaveURL(/\/chat$/);
  await page.goto('/admin/stats');
  await expect(page.getByRole('img', { name: /Cost by day: .* over 30 days/ })).toBeVisible();
  await page.getByRole('button', { name: 'Tokens' }).click();
  await expect(page.getByRole('img', { name: /Tokens by day/ })).toBeVisible();
  await expect(page.getByText('Active users')).toBeVisible();
  await screenshot(page, 'admin-stats');

  await page.getByRole('link', { name: 'Providers' }).click();
  const add = page.getByRole('region', { name: 'Add a provider' });
  await add.getByLabel('Label').fill('Intranet LLM');
  // A private address: the egress guard refuses it, and says so by the field.
  await add.getByLabel('Base URL').fill('http://10.1.2.3:8080/v1');
  await add.getByLabel('API key (optional)').fill('sk-secret-never-shown');
  await add.getByRole('button', { name: 'Add provider' }).click();
  await expect(add.getByRole('alert')).toContainText(/EGRESS_ALLOW_PRIVATE/);
  await expect(add.getByLabel('Base URL')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('region', { name: 'Provider Intranet LLM' })).toHaveCount(0);
  await screenshot(page, 'admin-provider-refused');

  // A public endpoint is accepted (not reachable from here: accepted all the same); the key is write-only.
  await add.getByLabel('Base URL').fill('https://93.184.215.14/v1');
  await add.getByRole('button', { name: 'Add provider' }).click();
  const card = page.getByRole('region', { name: 'Provider Intranet LLM' });
  await expect(card).toBeVisible();
  await expect(card.getByText('key set')).toBeVisible();
  await expect(card.getByLabel('API key')).toHaveValue('');
  expect(await page.content()).not.toContain('sk-secret-never-shown');
  // Removed again (the other specs chat with the offline demo alone).
  await card.getByRole('button', { name: 'Remove Intranet LLM' }).click();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Provider settings saved')).toBeVisible();
  await page.reload();
  await expect(page.getByText('No providers configured')).toBeVisible();

  await page.getByRole('link', { name: 'Plans' }).click();
  await expect(page.getByRole('listitem', { name: 'Plan Free' })).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'Plan Pro' }).getByLabel('$ per month')).toHaveValue('20');
});
