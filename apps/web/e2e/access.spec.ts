import type { APIRequestContext, Page } from '@playwright/test';
import { expect, PASSWORD, screenshot, test, uniqueEmail } from './support/fixtures';

function adminCredentials() {
  const email = process.env.E2E_ADMIN_EMAIL;
  const password = process.env.E2E_ADMIN_PASSWORD;
  if (!email || !password)
    throw new Error('E2E_ADMIN_EMAIL/E2E_ADMIN_PASSWORD are not set: the stack runner seeds the admin');
  return { email, password };
}

/** An admin token for setting up what the UI is not under test for here (the provider) and for cleaning up. */
async function adminApi(request: APIRequestContext) {
  const login = await request.post('/api/auth/login', { data: adminCredentials() });
  expect(login.status()).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { authorization: `Bearer ${accessToken}` };
  return {
    get: async (url: string) =>
      (await request.get(url, { headers })).json() as Promise<Record<string, unknown>>,
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

test('invite-only sign-up, then a group that may use one model and not another', async ({
  page,
  browser,
  request,
}) => {
  // Its own request context: sharing the page's cookies would sign the browser in before the form.
  const api = await adminApi(request);
  const before = (await api.get('/api/admin/providers')) as {
    providers: Array<Record<string, unknown>>;
    defaultModel: unknown;
  };
  const label = `Team OpenAI ${Date.now().toString(36)}`;
  // An OpenAI provider offers its catalogue without being called: enough to show the model list.
  const saved = await api.put('/api/admin/providers', {
    providers: [
      ...before.providers.map(
        ({ id, kind, label: name, baseUrl, enabled, modelOverrides, accessGroupIds }) => ({
          id,
          kind,
          label: name,
          baseUrl,
          enabled,
          modelOverrides,
          accessGroupIds,
        }),
      ),
      { kind: 'openai', label, apiKey: 'sk-e2e-never-called' },
    ],
    defaultModel: before.defaultModel,
  });
  expect(saved.status()).toBe(200);
  const providerId = (
    (await saved.json()) as { providers: Array<{ id: string; label: string }> }
  ).providers.find((provider) => provider.label === label)!.id;

  try {
    // The admin makes sign-up invite-only and creates an invite link.
    const admin = adminCredentials();
    await signIn(page, admin.email, admin.password);
    await page.goto('/admin/signup');
    await page.getByLabel(/Invite only/).check();
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect(page.getByText('Sign-up policy saved')).toBeVisible();
    await page.getByRole('button', { name: 'Create invite link' }).click();
    const link = await page.getByLabel('Invite link', { exact: true }).inputValue();
    expect(link).toMatch(/\/register\?invite=/);
    await screenshot(page, 'admin-signup-invite');

    // Without the link, the register page says sign-up is by invitation only, and refuses.
    const visitor = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
    const visitorPage = await visitor.newPage();
    await visitorPage.goto('/register');
    await expect(visitorPage.getByRole('note')).toContainText('Sign-up is by invitation only');
    await visitorPage.getByLabel('Email').fill(uniqueEmail('uninvited'));
    await visitorPage.getByLabel('Password').fill(PASSWORD);
    await visitorPage.getByRole('button', { name: 'Create account' }).click();
    await expect(visitorPage.getByRole('alert').filter({ hasText: 'invitation only' })).toBeVisible();
    await visitor.close();

    // A new person registers through the link, in a browser of their own.
    const userContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
    const userPage = await userContext.newPage();
    const email = uniqueEmail('invited');
    await userPage.goto(new URL(link).pathname + new URL(link).search);
    await expect(userPage.getByRole('note')).toContainText('You were invited');
    await userPage.getByLabel('Name').fill('Grace Hopper');
    await userPage.getByLabel('Email').fill(email);
    await userPage.getByLabel('Password').fill(PASSWORD);
    await userPage.getByRole('button', { name: 'Create account' }).click();
    await expect(userPage).toHaveURL(/\/chat$/);

    // The admin creates two groups and puts the new user in one of them.
    await page.goto('/admin/groups');
    const allowed = `Researchers ${Date.now().toString(36)}`;
    const others = `Finance ${Date.now().toString(36)}`;
    for (const name of [allowed, others]) {
      await page.getByLabel('New group name').fill(name);
      await page.getByRole('button', { name: 'Create group' }).click();
      await expect(page.getByRole('region', { name: `Group ${name}` })).toBeVisible();
    }
    const group = page.getByRole('region', { name: `Group ${allowed}` });
    await group.getByLabel(`Find people to add to ${allowed}`).fill(email);
    await group.getByRole('button', { name: `Add ${email} to ${allowed}` }).click();
    await expect(group.getByRole('listitem').filter({ hasText: email })).toBeVisible();
    await screenshot(page, 'admin-groups');

    // In the provider settings, gpt-5-mini is for the user's group and gpt-5 for the other one.
    await page.goto('/admin/providers');
    const card = page.getByRole('region', { name: `Provider ${label}` });
    for (const [model, groupName] of [
      ['gpt-5-mini', allowed],
      ['gpt-5', others],
    ] as const) {
      const row = card.getByRole('listitem', { name: `Model ${model}`, exact: true });
      await row.getByLabel(`Who may use ${model} — Access: Everyone`).click();
      await row.getByLabel(`Who may use ${model}: ${groupName}`).check();
    }
    await page.getByRole('button', { name: 'Save changes' }).click();
    // Nothing left to save once the PUT is through (the reload below checks what was stored).
    await expect(page.getByRole('button', { name: 'Save changes' })).toBeDisabled();
    await page.reload();
    await expect(card.getByLabel(`Who may use gpt-5 — Access: ${others}`)).toBeVisible();
    await expect(card.getByLabel(`Who may use gpt-5-mini — Access: ${allowed}`)).toBeVisible();
    await screenshot(page, 'admin-provider-access');

    // The user sees the model their group may use, and not the other one.
    await expect(async () => {
      await userPage.reload();
      const picker = userPage.getByLabel('Model', { exact: true });
      await expect(picker.locator(`option[value="${providerId}/gpt-5-mini"]`)).toHaveCount(1, {
        timeout: 2_000,
      });
      await expect(picker.locator(`option[value="${providerId}/gpt-5"]`)).toHaveCount(0, { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await screenshot(userPage, 'user-allowed-models');
    await userContext.close();
  } finally {
    // The stack is shared by the specs that follow: sign-up open again, the provider gone.
    expect((await api.put('/api/admin/signup-policy', { mode: 'open' })).status()).toBe(200);
    const now = (await api.get('/api/admin/providers')) as typeof before;
    const removed = await api.put('/api/admin/providers', {
      providers: now.providers
        .filter((provider) => provider.id !== providerId)
        .map(({ id, kind, label: name, baseUrl, enabled, modelOverrides, accessGroupIds }) => ({
          id,
          kind,
          label: name,
          baseUrl,
          enabled,
          modelOverrides,
          accessGroupIds,
        })),
      defaultModel: now.defaultModel,
    });
    expect(removed.status(), await removed.text()).toBe(200);
  }
});

test('the sign-up choice is offered once the saved policy is known, and an early choice is never lost', async ({
  page,
  request,
}) => {
  const api = await adminApi(request);
  const admin = adminCredentials();
  await signIn(page, admin.email, admin.password);

  // The saved policy arrives late, as on a slow network.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/admin/signup-policy', async (route) => {
    if (route.request().method() === 'GET') await released;
    await route.continue();
  });

  try {
    await page.goto('/admin/signup');
    await expect(page.getByRole('button', { name: 'Create invite link' })).toBeVisible();
    // Nothing to choose yet: a choice made now would be replaced by the policy when it lands.
    await expect(page.getByLabel(/Invite only/)).toHaveCount(0);

    release();
    await expect(page.getByLabel(/^Open/)).toBeChecked();
    await page.getByLabel(/Invite only/).check();
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect(page.getByText('Sign-up policy saved')).toBeVisible();

    await page.unroute('**/api/admin/signup-policy');
    await page.reload();
    await expect(page.getByLabel(/Invite only/)).toBeChecked();

    // Someone else opens sign-up while this admin is on another section; coming back shows that,
    // not the policy this page loaded before.
    const sections = page.getByRole('navigation', { name: 'Admin sections' });
    await sections.getByRole('link', { name: 'Groups' }).click();
    await expect(page).toHaveURL(/\/admin\/groups$/);
    expect((await api.put('/api/admin/signup-policy', { mode: 'open' })).status()).toBe(200);
    await sections.getByRole('link', { name: 'Sign-up' }).click();
    await expect(page.getByLabel(/^Open/)).toBeChecked();
    await expect(page.getByLabel(/Invite only/)).not.toBeChecked();
  } finally {
    expect((await api.put('/api/admin/signup-policy', { mode: 'open' })).status()).toBe(200);
  }
});
