import {
  PASSWORD,
  expect,
  linkFrom,
  screenshot,
  signUp,
  test,
  uniqueEmail,
  waitForEmail,
} from './support/fixtures';

test.describe('accounts', () => {
  test('register, verify from the email, log out, log back in', async ({ page }) => {
    await page.goto('/login');
    await screenshot(page, '01-login');
    const { email } = await signUp(page, 'verify');
    await expect(
      page.getByRole('note').filter({ hasText: 'Please confirm your email address' }),
    ).toBeVisible();
    await screenshot(page, '03-new-chat-unverified');

    const mail = await waitForEmail(email, /confirm/i);
    await page.goto(linkFrom(mail, '/verify-email'));
    await expect(page.getByText(`Your email ${email} is verified.`)).toBeVisible();
    await page.getByRole('link', { name: 'Continue to Vivier' }).click();
    await expect(page.getByLabel('Message', { exact: true })).toBeVisible();
    await expect(page.getByText('Please confirm your email address')).toHaveCount(0);

    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL(/\/login/);
    // The session is gone: the app sends us back to the login page.
    await page.goto('/chat');
    await expect(page).toHaveURL(/\/login\?next=%2Fchat/);

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /invalid|incorrect|wrong/i })).toBeVisible();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/chat$/);
  });

  test('the session survives a reload (refresh cookie, token only in memory)', async ({ page }) => {
    await signUp(page, 'reload');
    await page.reload();
    await expect(page.getByLabel('Message', { exact: true })).toBeVisible();
    const stored = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
    );
    expect(stored).not.toMatch(/eyJ/); // no JWT in storage or readable cookies
  });

  test('explains registration errors from the API envelope', async ({ page }) => {
    const { email } = await signUp(page, 'dup');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.goto('/register');
    await screenshot(page, '02-register');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /already/i })).toBeVisible();
  });

  test('forgot password, reset from the email, sign in with the new one', async ({ page }) => {
    const { email } = await signUp(page, 'reset');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByRole('status')).toContainText('If an account exists');

    const mail = await waitForEmail(email, /reset/i);
    await page.goto(linkFrom(mail, '/reset-password'));
    const newPassword = 'Another-Staple-42-Battery';
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm new password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByText('Your password has been changed')).toBeVisible();
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/chat$/);
  });

  test('an unknown email gets the same answer from forgot-password (no enumeration)', async ({ page }) => {
    await page.goto('/forgot-password');
    await page.getByLabel('Email').fill(uniqueEmail('ghost'));
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByRole('status')).toContainText('If an account exists');
  });
});
