import { expect, screenshot, signUp, test } from './support/fixtures';

test('a user creates an API key, sees its secret once, uses it on /v1, and revokes it after confirming', async ({
  page,
}) => {
  await signUp(page, 'api-keys');
  await page.getByRole('link', { name: 'API keys' }).click();
  await expect(page).toHaveURL(/\/settings\/keys$/);
  await expect(page.getByText('You have no API keys yet.')).toBeVisible();

  await page.getByLabel('Key name').fill('My editor');
  await page.getByRole('button', { name: 'Create key' }).click();
  const secretBox = page.getByLabel('New API key');
  await expect(secretBox).toHaveText(/^vv-[A-Za-z0-9_-]{43}$/);
  const secret = (await secretBox.textContent())!;
  await expect(page.getByRole('button', { name: 'Copy API key' })).toBeVisible();
  const table = page.getByRole('table', { name: 'API keys' });
  const row = table.getByRole('row', { name: /My editor/ });
  await expect(row).toContainText(`${secret.slice(0, 11)}…`);
  await expect(row.getByRole('cell').nth(3)).toHaveText('Never');
  await screenshot(page, 'api-keys-created');

  // The key works on the OpenAI-compatible API, and its use shows up as "last used".
  const models = await page.request.get('/v1/models', { headers: { authorization: `Bearer ${secret}` } });
  expect(models.status()).toBe(200);
  expect(((await models.json()) as { object: string }).object).toBe('list');

  // Shown once: after a reload only the prefix is left.
  await page.reload();
  await expect(page.getByLabel('New API key')).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);
  await expect(row.getByRole('cell').nth(3)).not.toHaveText('Never');

  // Revoking asks first; Cancel keeps the key.
  await row.getByRole('button', { name: 'Revoke My editor' }).click();
  const dialog = page.getByRole('dialog', { name: 'Revoke “My editor”?' });
  await expect(dialog).toContainText('stop working within a few seconds');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Revoke My editor' }).click();
  await dialog.getByRole('button', { name: 'Revoke key' }).click();
  await expect(page.getByText('You have no API keys yet.')).toBeVisible();

  await expect
    .poll(
      async () =>
        (await page.request.get('/v1/models', { headers: { authorization: `Bearer ${secret}` } })).status(),
      { timeout: 15_000 },
    )
    .toBe(401);
});
