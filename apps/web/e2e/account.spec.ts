import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import {
  expect,
  linkFrom,
  PASSWORD,
  screenshot,
  signUp,
  test,
  uniqueEmail,
  waitForEmail,
} from './support/fixtures';

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/chat$/);
}

async function openAccount(page: Page) {
  await page.goto('/chat');
  await page.getByRole('link', { name: 'Account' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Account' })).toBeVisible();
}

test('a user renames, moves to a new email by its link, signs another device out, exports and deletes their account', async ({
  page,
  browser,
}) => {
  const { email } = await signUp(page, 'account');
  await openAccount(page);

  // Name at once; the email only once the new address confirms it.
  const newEmail = uniqueEmail('account-moved');
  await page.getByLabel('Name').fill('Ada King');
  await page.getByLabel('Email').fill(newEmail);
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: `We sent a link to ${newEmail}` })).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue(email);
  const link = await waitForEmail(newEmail, /new email/i);
  await page.goto(linkFrom(link, '/verify-email'));
  await expect(page.getByText(/is verified/)).toContainText(newEmail);
  await openAccount(page);
  await expect(page.getByLabel('Email')).toHaveValue(newEmail);
  await expect(page.getByLabel('Name')).toHaveValue('Ada King');

  // A second device; from here it is listed and signed out.
  const phoneContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const phone = await phoneContext.newPage();
  await signIn(phone, newEmail);
  await page.reload();
  const devices = page.getByRole('list', { name: 'Signed-in devices' }).getByRole('listitem');
  await expect(devices).toHaveCount(2);
  await expect(devices.filter({ hasText: '(this device)' })).toHaveCount(1);
  await screenshot(page, 'account');
  await devices.filter({ hasNotText: '(this device)' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(devices).toHaveCount(1);
  // The phone's next request is refused: it is back at the sign-in page.
  await phone.getByLabel('Search chats').fill('anything');
  await expect(phone).toHaveURL(/\/login/);
  await phoneContext.close();

  // A new password, with the current one.
  await page.getByLabel('Current password').fill('not-my-password');
  await page.getByLabel('New password', { exact: true }).fill('A-Brand-New-Pass-42');
  await page.getByLabel('Repeat the new password').fill('A-Brand-New-Pass-42');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'The current password is incorrect' }),
  ).toBeVisible();
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill('A-Brand-New-Pass-42');
  await page.getByLabel('Repeat the new password').fill('A-Brand-New-Pass-42');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Password changed.')).toBeVisible();

  // Everything out, as one zip.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export my data' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^vivier-export-\d{4}-\d{2}-\d{2}\.zip$/);
  const bytes = await readFile(await download.path());
  expect(bytes.subarray(0, 2).toString()).toBe('PK');

  // Deleting needs the email typed and the password.
  await page.getByRole('button', { name: 'Delete my account…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
  await dialog.getByLabel(/to confirm/).fill('someone-else@example.test');
  await dialog.getByLabel('Password').fill('A-Brand-New-Pass-42');
  await dialog.getByRole('button', { name: 'Delete my account' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'Type your email' })).toBeVisible();
  await dialog.getByLabel(/to confirm/).fill(newEmail);
  await dialog.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel('Email').fill(newEmail);
  await page.getByLabel('Password').fill('A-Brand-New-Pass-42');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Email or password is incorrect' })).toBeVisible();
});

test('an admin creates a user, who chooses a password from the email; then deletes them', async ({
  page,
  browser,
}) => {
  const adminEmail = process.env.E2E_ADMIN_EMAIL!;
  const adminPassword = process.env.E2E_ADMIN_PASSWORD!;
  await signIn(page, adminEmail, adminPassword);
  await page.goto('/admin/users');

  const email = uniqueEmail('created-by-admin');
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog', { name: 'New user' });
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Name (optional)').fill('Grace Hopper');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog).toBeHidden();

  const newcomerContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const newcomer = await newcomerContext.newPage();
  const welcome = await waitForEmail(email, /account is ready/i);
  await newcomer.goto(linkFrom(welcome, '/reset-password'));
  await newcomer.getByLabel('New password', { exact: true }).fill('Graces-Own-Pass-77');
  await newcomer.getByLabel('Confirm new password').fill('Graces-Own-Pass-77');
  await newcomer.getByRole('button', { name: 'Change password' }).click();
  await expect(newcomer.getByRole('heading', { name: 'Password changed' })).toBeVisible();
  await signIn(newcomer, email, 'Graces-Own-Pass-77');
  await newcomerContext.close();

  await page.getByLabel('Search users').fill(email);
  const row = page.getByRole('row', { name: email });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: `Reset password of ${email}` }).click();
  await expect(page.getByText(`A password reset link was sent to ${email}.`)).toBeVisible();
  await waitForEmail(email, /reset your/i);
  await row.getByRole('button', { name: `Delete ${email}` }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete user?' });
  await confirm.getByLabel(/to confirm/).fill(email);
  await confirm.getByRole('button', { name: 'Delete user' }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toHaveCount(0);
});
