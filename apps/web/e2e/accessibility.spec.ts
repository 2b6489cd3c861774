import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, send, signUp, test, waitForAnswer } from './support/fixtures';

/**
 * axe-core on every page, light and dark: no `serious` or `critical` finding (WCAG 2.x A/AA rules
 * and axe's best practices). Each finding is listed with the elements it names, so a failure says
 * what to fix.
 */
async function expectNoSeriousViolations(page: Page, label: string) {
  // Pages fill in after their data loads: check the settled page, not its skeleton.
  await expect(page.getByText('Loading…', { exact: true })).toHaveCount(0);
  const findings: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate((dark) => document.documentElement.classList.toggle('dark', dark), scheme === 'dark');
    const results = await new AxeBuilder({ page }).analyze();
    for (const violation of results.violations) {
      if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
      const targets = violation.nodes.map((node) => node.target.join(' ')).slice(0, 5);
      findings.push(
        `${scheme}: ${violation.id} (${violation.impact}) ${violation.help} → ${targets.join(' | ')}`,
      );
    }
  }
  await page.emulateMedia({ colorScheme: null });
  expect(findings, `accessibility of ${label}`).toEqual([]);
}

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

    for (const path of ['/settings/presets', '/settings/keys', '/account', '/account/security', '/billing']) {
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
    ]) {
      await visit(page, path);
    }
  });
});
