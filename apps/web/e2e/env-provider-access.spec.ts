import type { APIRequestContext, Page } from '@playwright/test';
import { expect, screenshot, signUp, test } from './support/fixtures';

const DEMO = 'openai-compatible';
const THINKING_MODEL = `${DEMO}/fake-thinking`;

function adminCredentials() {
  const email = process.env.E2E_ADMIN_EMAIL;
  const password = process.env.E2E_ADMIN_PASSWORD;
  if (!email || !password)
    throw new Error('E2E_ADMIN_EMAIL/E2E_ADMIN_PASSWORD are not set: the stack runner seeds the admin');
  return { email, password };
}

/** An admin token for the setup the UI is not under test for here (a group) and the clean-up. */
async function adminApi(request: APIRequestContext) {
  const login = await request.post('/api/auth/login', { data: adminCredentials() });
  expect(login.status()).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { authorization: `Bearer ${accessToken}` };
  return {
    post: (url: string, data: object) => request.post(url, { headers, data }),
    put: (url: string, data: object) => request.put(url, { headers, data }),
  };
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/chat$/);
}

test('an admin limits a model of a provider configured by env to a group; others no longer see it', async ({
  page,
  browser,
  request,
}) => {
  const api = await adminApi(request);
  // A group the new user is not in.
  const groupName = `Thinkers ${Date.now().toString(36)}`;
  const created = await api.post('/api/admin/groups', { name: groupName });
  expect(created.status()).toBe(201);

  const userContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const userPage = await userContext.newPage();
  try {
    await signUp(userPage, 'env-access');
    const picker = userPage.getByLabel('Model', { exact: true });
    await expect(picker.locator(`option[value="${THINKING_MODEL}"]`)).toHaveCount(1);

    const admin = adminCredentials();
    await signIn(page, admin.email, admin.password);
    await page.goto('/admin/providers');
    const card = page.getByRole('region', { name: 'Provider Offline demo (from the environment)' });
    await card.getByLabel('Who may use fake-thinking — Access: Everyone').click();
    await card.getByLabel(`Who may use fake-thinking: ${groupName}`).check();
    await card.getByRole('button', { name: 'Save access to Offline demo' }).click();
    await expect(page.getByText('Access to Offline demo saved')).toBeVisible();
    await page.reload();
    await expect(card.getByLabel(`Who may use fake-thinking — Access: ${groupName}`)).toBeVisible();
    await expect(card.getByLabel('Who may use fake — Access: Everyone')).toBeVisible();
    await screenshot(page, 'admin-env-provider-access');

    // The user, outside the group, keeps the demo model and loses the thinking one.
    await expect(async () => {
      await userPage.reload();
      await expect(picker.locator(`option[value="${DEMO}/fake"]`)).toHaveCount(1, { timeout: 2_000 });
      await expect(picker.locator(`option[value="${THINKING_MODEL}"]`)).toHaveCount(0, { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
  } finally {
    await userContext.close();
    // The stack is shared by the specs that follow: the demo open to everyone again.
    const reopened = await api.put(`/api/admin/env-providers/${DEMO}`, {
      accessGroupIds: [],
      modelGroupIds: {},
    });
    expect(reopened.status(), await reopened.text()).toBe(200);
  }
});
