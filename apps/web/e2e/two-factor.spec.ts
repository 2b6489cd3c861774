import { authenticator } from 'otplib';
import { PASSWORD, expect, screenshot, signUp, test } from './support/fixtures';

/** The code of the next 30-second step: valid now, and never the one used to enrol. */
const nextCode = (secret: string) => authenticator.clone({ epoch: Date.now() + 30_000 }).generate(secret);

test.describe('two-factor authentication', () => {
  test('enrol TOTP from the Security page, log out, log back in with a code, then with a recovery code', async ({
    page,
  }) => {
    const { email } = await signUp(page, 'totp');
    await page.getByRole('link', { name: 'Security' }).click();
    await expect(page).toHaveURL(/\/account\/security$/);
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    await screenshot(page, 'totp-enrol');

    await page.getByLabel('Code from the app').fill('000000');
    await page.getByRole('button', { name: 'Turn on' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'That code is not valid' })).toBeVisible();
    await page.getByLabel('Code from the app').fill(authenticator.generate(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await expect(codes).toHaveCount(10);
    const recoveryCode = (await codes.first().innerText()).trim();
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await expect(page.getByText('On. 10 of 10 recovery codes left.')).toBeVisible();

    await page.getByRole('link', { name: 'Back to chats' }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL(/\/login/);

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Two-factor authentication' })).toBeVisible();
    await page.getByLabel('Authentication code').fill(nextCode(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page).toHaveURL(/\/chat$/);
    await expect(page.getByLabel('Message', { exact: true })).toBeVisible();

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCode);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page).toHaveURL(/\/chat$/);

    await page.goto('/account/security');
    await expect(page.getByText('On. 9 of 10 recovery codes left.')).toBeVisible();
    await page.getByLabel('Password, to turn it off').fill(PASSWORD);
    await page.getByRole('button', { name: 'Turn off two-factor' }).click();
    await expect(page.getByRole('button', { name: 'Set up an authenticator app' })).toBeVisible();
  });
});
