import type { Page } from '@playwright/test';
import { expectNoSeriousViolations } from './support/axe';
import { expect, send, signUp, test, waitForAnswer } from './support/fixtures';

/** Every page of the app, and the states of issue 17's features, checked with axe (support/axe.ts). */
async function visit(page: Page, path: string) {
  await page.goto(path);
  await expectNoSeriousViolations(page, path);
}

function adminCredentials() {
  const email = process.env.E2E_ADMIN_EMAIL;
  const password = process.env.E2E_ADMIN_PASSWORD;
  if (!email || !password) throw new Error('E2E_ADMIN_EMAIL/E2E_ADMIN_PASSWORD are not set');
  return { email, password };
}

test.describe('accessibility (axe): no serious or critical findings', () => {
  test('signed-out pages', async ({ page }) => {
    for (const path of [
      '/login',
      '/register',
      '/forgot-password',
      '/reset-password?token=x',
      '/verify-email?token=x',
    ]) {
      await visit(page, path);
    }
    // A translated page, chosen before signing in.
    await page.goto('/login');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
    await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
    // The refresh that translates the page swaps the tab's title after its heading: check the
    // page once the German title is there, not in between.
    await expect(page).toHaveTitle('Anmelden · Vivier');
    await expectNoSeriousViolations(page, 'the login page in German');
  });

  test('a user’s pages: chat with an answer, shared snapshot, settings, account, billing', async ({
    page,
    browser,
  }) => {
    await signUp(page, 'a11y');
    await expectNoSeriousViolations(page, 'the empty chat');
    await send(page, 'Say hello in **bold**');
    await waitForAnswer(page);
    await expectNoSeriousViolations(page, 'a chat with an answer');

    await page.getByRole('button', { name: 'Share chat' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share chat' });
    const link = dialog.getByRole('link', { name: 'Share link' });
    await dialog.getByRole('button', { name: 'Create link' }).click();
    await expect(link).toHaveText(/\/share\//);
    await expectNoSeriousViolations(page, 'the share dialog');
    const shareUrl = (await link.getAttribute('href'))!;
    // A context of its own (signed out), as a person opening the link would have.
    const visitorContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
    try {
      await visit(await visitorContext.newPage(), new URL(shareUrl).pathname);
    } finally {
      await visitorContext.close();
    }
    await page.keyboard.press('Escape');

    for (const path of [
      '/settings/presets',
      '/settings/keys',
      '/knowledge',
      '/account',
      '/account/security',
      '/billing',
    ]) {
      await visit(page, path);
    }
  });

  test('admin pages', async ({ page }) => {
    const admin = adminCredentials();
    await page.goto('/login');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL(/\/chat$/);
    for (const path of [
      '/admin',
      '/admin/stats',
      '/admin/users',
      '/admin/groups',
      '/admin/providers',
      '/admin/plans',
      '/admin/presets',
      '/admin/signup',
      '/admin/sign-in',
      '/admin/audit-log',
      '/admin/knowledge',
      '/admin/tools',
    ]) {
      await visit(page, path);
    }
  });

  test('issue 17’s chat features: thinking and its effort, settings, folders, pins, tags, shortcuts', async ({
    page,
  }) => {
    await signUp(page, 'a11y-features');
    await page.getByLabel('Model', { exact: true }).selectOption('openai-compatible/fake-thinking');
    await page.getByRole('combobox', { name: 'Reasoning effort' }).selectOption('low');
    await send(page, 'Why is the sea salty? [[words:5]]');
    const answer = await waitForAnswer(page);
    await answer.getByRole('button', { name: /^Thought for \d+ s$/ }).click();
    await expect(answer.getByRole('region', { name: 'Model thinking' })).toBeVisible();
    await expectNoSeriousViolations(page, 'an answer with its thinking open, and the effort picker');

    await page.getByRole('button', { name: 'Chat settings' }).click();
    await expectNoSeriousViolations(page, 'the chat settings dialog');
    await page.keyboard.press('Escape');

    const sidebar = page.getByRole('navigation', { name: 'Chats' });
    await sidebar
      .getByRole('button', { name: /^Actions for / })
      .first()
      .click();
    await page.getByRole('menuitem', { name: 'Pin' }).click();
    await expect(sidebar.getByRole('region', { name: 'Pinned' })).toBeVisible();
    await sidebar
      .getByRole('button', { name: /^Actions for / })
      .first()
      .click();
    await page.getByRole('menuitem', { name: 'Edit tags…' }).click();
    await page.getByRole('dialog', { name: 'Edit tags' }).getByLabel('Tags').fill('ocean');
    await page.getByRole('dialog', { name: 'Edit tags' }).getByRole('button', { name: 'Save tags' }).click();
    // Exact: the tag filter's option ("#ocean (1)", hidden in its closed select) comes first otherwise.
    await expect(sidebar.getByText('#ocean', { exact: true }).first()).toBeVisible();
    for (const name of ['Science', 'Seas']) {
      await sidebar.getByRole('button', { name: 'New folder' }).click();
      await sidebar.getByLabel('New folder name').fill(name);
      await sidebar.getByLabel('New folder name').press('Enter');
      await expect(sidebar.getByRole('listitem', { name: `Folder ${name}` })).toBeVisible();
    }
    await sidebar.getByRole('button', { name: 'Actions for folder Seas' }).click();
    await page.getByRole('menuitem', { name: 'Move into…' }).click();
    await expectNoSeriousViolations(page, 'the move-folder dialog');
    await page
      .getByRole('dialog', { name: 'Move folder “Seas”' })
      .getByRole('button', { name: 'Science' })
      .click();
    await expect(sidebar.getByRole('list', { name: 'Subfolders of Science' })).toBeVisible();
    await expectNoSeriousViolations(page, 'the sidebar with a pinned, tagged chat and nested folders');

    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await expectNoSeriousViolations(page, 'the keyboard shortcuts dialog');
  });
});
