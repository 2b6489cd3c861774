import type { Page } from '@playwright/test';
import { expect, PASSWORD, signUp, test } from './support/fixtures';

async function createKey(page: Page): Promise<string> {
  await page.goto('/settings/keys');
  await page.getByLabel('Key name').fill('CI script');
  await page.getByRole('button', { name: 'Create key' }).click();
  const secretBox = page.getByLabel('New API key');
  await expect(secretBox).toHaveText(/^vv-/);
  return (await secretBox.textContent())!;
}

test('an admin limits the API to a group: a member gets in, everyone else is refused until it is open again', async ({
  page,
  browser,
}) => {
  const memberContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const memberPage = await memberContext.newPage();
  const { email: memberEmail } = await signUp(memberPage, 'api-member');
  const memberKey = await createKey(memberPage);
  const outsiderContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const outsiderPage = await outsiderContext.newPage();
  await signUp(outsiderPage, 'api-outsider');
  const outsiderKey = await createKey(outsiderPage);
  const models = (key: string) =>
    page.request.get('/v1/models', { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status());

  await page.goto('/login');
  await page.getByLabel('Email').fill(process.env.E2E_ADMIN_EMAIL!);
  await page.getByLabel('Password').fill(process.env.E2E_ADMIN_PASSWORD ?? PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/chat$/);

  const name = `API users ${Date.now().toString(36)}`;
  await page.goto('/admin/groups');
  await page.getByLabel('New group name').fill(name);
  await page.getByRole('button', { name: 'Create group' }).click();
  const group = page.getByRole('region', { name: `Group ${name}` });
  await group.getByLabel(`Find people to add to ${name}`).fill(memberEmail);
  await group.getByRole('button', { name: `Add ${memberEmail} to ${name}` }).click();
  await expect(group.getByRole('listitem').filter({ hasText: memberEmail })).toBeVisible();

  await page.goto('/admin/sign-in');
  const form = page.getByRole('region', { name: 'OpenAI-compatible API' });
  const list = form.getByRole('list', { name: 'Groups that may use the API' });
  const ours = list.getByLabel(name);
  try {
    for (const box of await list.getByRole('checkbox').all()) await box.uncheck();
    await ours.check();
    await expect(form.getByText('Only members of the checked groups, and admins.')).toBeVisible();
    await form.getByRole('button', { name: 'Save API access' }).click();
    await expect(page.getByText('The API is on for the chosen groups and admins.')).toBeVisible();

    // Keys are remembered by the gateway for a few seconds: wait for the new rule, not a fixed time.
    await expect.poll(() => models(outsiderKey), { timeout: 20_000 }).toBe(403);
    expect(await models(memberKey)).toBe(200);
  } finally {
    for (const box of await list.getByRole('checkbox').all()) await box.uncheck();
    await form.getByRole('button', { name: 'Save API access' }).click();
    await expect(page.getByText('The API is on for everyone.')).toBeVisible();
  }
  await expect.poll(() => models(outsiderKey), { timeout: 20_000 }).toBe(200);
  await memberContext.close();
  await outsiderContext.close();
});
