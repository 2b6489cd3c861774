import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test as base, type Locator, type Page } from '@playwright/test';

export { expect };

export const PASSWORD = 'Correct-Horse-9-Battery';
const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

interface CaughtEmail {
  to: string[];
  subject: string;
  text: string;
}

export function uniqueEmail(label: string): string {
  return `${label}-${Date.now()}-${randomBytes(3).toString('hex')}@example.test`;
}

/** The SMTP sink's catch (served by the stack runner), polled until a matching email arrives. */
export async function waitForEmail(to: string, subject: RegExp, timeoutMs = 20_000): Promise<CaughtEmail> {
  const mailbox = process.env.E2E_MAILBOX_URL;
  if (!mailbox) throw new Error('E2E_MAILBOX_URL is not set: run through playwright.config.ts');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const emails = (await (await fetch(mailbox)).json()) as CaughtEmail[];
    const found = emails.find((email) => email.to.includes(to) && subject.test(email.subject));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no email "${subject}" to ${to} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The link of an email (its path and query, to open on the app's own origin). */
export function linkFrom(email: CaughtEmail, path: string): string {
  const match = new RegExp(`https?://[^\\s]+${path}\\?token=[A-Za-z0-9_%-]+`).exec(email.text);
  if (!match) throw new Error(`no ${path} link in "${email.subject}"`);
  const url = new URL(match[0]);
  return `${url.pathname}${url.search}`;
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Transitions (the sidebar sliding away after a resize) are shown finished, not half-way.
  await page.screenshot({
    path: join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: false,
    animations: 'disabled',
  });
}

/** A phone held upright (an iPhone 12 to 15's viewport). */
export const PHONE_VIEWPORT = { width: 390, height: 844 };

/**
 * The same moment at the desktop width and at phone width (`<name>-phone.png`), then back to
 * the desktop width the test goes on at.
 */
export async function screenshots(page: Page, name: string) {
  await screenshot(page, name);
  const desktop = page.viewportSize();
  await page.setViewportSize(PHONE_VIEWPORT);
  // A frame at the new width, so the layout's transitions have started before they are finished.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  await screenshot(page, `${name}-phone`);
  if (desktop) await page.setViewportSize(desktop);
}

/** Registers through the UI and lands in the app. */
export async function signUp(page: Page, label = 'user'): Promise<{ email: string }> {
  const email = uniqueEmail(label);
  await page.goto('/register');
  await page.getByLabel('Name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.getByLabel('Message', { exact: true })).toBeVisible();
  return { email };
}

/** From the login page, through the Test IdP's own login form (any password), back into the app. */
/** Signs in as the admin the stack runner seeds (E2E_ADMIN_EMAIL / E2E_ADMIN_PASSWORD). */
export async function signInAsAdmin(page: Page) {
  const email = process.env.E2E_ADMIN_EMAIL;
  const password = process.env.E2E_ADMIN_PASSWORD;
  if (!email || !password) throw new Error('E2E_ADMIN_EMAIL/E2E_ADMIN_PASSWORD are not set');
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/chat/);
}

export async function signInThroughIdp(page: Page, button: string, login: string) {
  await page.goto('/login');
  await page.getByRole('link', { name: button }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await expect(page).toHaveURL(/\/chat$/);
  // Signed in once the chat page has its session (the composer shows): leaving earlier can abort
  // the page's first token refresh, whose rotated cookie then never arrives.
  await expect(page.getByLabel('Message', { exact: true })).toBeVisible();
}

export const answers = (page: Page): Locator => page.getByRole('article', { name: 'Assistant message' });
export const questions = (page: Page): Locator => page.getByRole('article', { name: 'Your message' });

/**
 * Types into the composer, presses Enter at once, as a person would, and waits for the question
 * to show (a message sent before the page is ready waits for it: first-send.spec.ts).
 */
export async function send(page: Page, text: string) {
  const before = await questions(page).count();
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
  await expect(questions(page)).toHaveCount(before + 1);
}

/**
 * Waits until the last answer has finished: its token count is shown and it is rendered from
 * the stored message (the streaming view, marked with aria-busy, has been replaced).
 */
export async function waitForAnswer(page: Page, timeoutMs = 60_000): Promise<Locator> {
  const answer = answers(page).last();
  await expect(answer.getByText(/tokens \(/)).toBeVisible({ timeout: timeoutMs });
  await expect(answer.locator('[aria-busy]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Send message' })).toBeVisible();
  return answer;
}

/** The answer text as read on screen (Markdown rendered), whitespace normalised. */
export async function answerText(answer: Locator): Promise<string> {
  return (await answer.locator('.markdown').innerText()).replace(/\s+/g, ' ').trim();
}

export const test = base.extend<{ failOnDialog: void }>({
  baseURL: async ({}, use) => {
    const url = process.env.E2E_BASE_URL;
    if (!url) throw new Error('E2E_BASE_URL is not set: the global setup starts the stack');
    await use(url);
  },
  // Any alert/confirm from the page means script ran that should not have.
  failOnDialog: [
    async ({ page }, use) => {
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await use();
      expect(dialogs, 'no script may open a dialog').toEqual([]);
    },
    { auto: true },
  ],
});
