import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect, signUp, test } from './support/fixtures';
import { addUsage, closeDatabase } from './support/database';

test.afterAll(closeDatabase);

const LOCALE_COOKIE = 'NEXT_LOCALE';

function adminCredentials() {
  const email = process.env.E2E_ADMIN_EMAIL;
  const password = process.env.E2E_ADMIN_PASSWORD;
  if (!email || !password)
    throw new Error('E2E_ADMIN_EMAIL/E2E_ADMIN_PASSWORD are not set: the stack runner seeds the admin');
  return { email, password };
}

/** What the browser writes for these options in that language (Node and Chromium share ICU's data). */
const written = (locale: string, options: Intl.DateTimeFormatOptions, date: Date) =>
  new Intl.DateTimeFormat(locale, options).format(date);
const longDate = { year: 'numeric', month: 'long', day: 'numeric' } as const;

/** The value of a `<dt>`'s card in a definition list. */
const cardValue = (page: Page, term: string): Locator =>
  page.locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');

/**
 * The sign-in form is read in English (a cookie chooses it), then the cookie goes: from there on
 * the browser's own language decides, as for someone who never picked one.
 */
async function signInThenFollowTheBrowser(
  context: BrowserContext,
  page: Page,
  email: string,
  password: string,
) {
  const baseURL = process.env.E2E_BASE_URL;
  if (!baseURL) throw new Error('E2E_BASE_URL is not set');
  await context.addCookies([{ name: LOCALE_COOKIE, value: 'en', url: baseURL }]);
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.getByLabel('Message', { exact: true })).toBeVisible();
  await context.clearCookies({ name: LOCALE_COOKIE });
}

test('an admin whose browser speaks German gets the users, providers, usage and audit log pages in German, dates and numbers written the German way', async ({
  browser,
}) => {
  // Someone to manage, with enough usage that the totals need thousands separators.
  const userContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const { email } = await signUp(await userContext.newPage(), 'de-admin-target');
  await userContext.close();
  await addUsage(email, { costMicros: 1_234_560_000, inputTokens: 1_200_000, outputTokens: 34_567 });

  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, locale: 'de-DE' });
  const page = await context.newPage();
  const admin = adminCredentials();
  await signInThenFollowTheBrowser(context, page, admin.email, admin.password);

  await page.goto('/admin/users');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  const sections = page.getByRole('navigation', { name: 'Admin-Bereiche' });
  await expect(sections.getByRole('link', { name: 'Benutzer' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { name: 'Benutzer', exact: true })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Beigetreten' })).toBeVisible();

  await page.getByLabel('Benutzer suchen').fill(email);
  const row = page.getByRole('row', { name: email });
  await expect(row).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(2);
  await expect(row.getByRole('cell', { name: 'Aktiv · nicht bestätigt' })).toBeVisible();
  // Joined today, as a German long date ("7. Dezember 2026").
  await expect(row).toContainText(written('de', longDate, new Date()));

  await row.getByRole('button', { name: `${email} deaktivieren` }).click();
  const confirm = page.getByRole('dialog', { name: 'Benutzer deaktivieren?' });
  await expect(confirm).toContainText(`(${email}) wird sofort überall abgemeldet`);
  await confirm.getByRole('button', { name: 'Deaktivieren', exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(row.getByRole('cell', { name: 'Deaktiviert' })).toBeVisible();

  // The audit log names the action in German and dates it the German way ("07.12.2026, 14:05").
  await sections.getByRole('link', { name: 'Audit-Log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit-Log' })).toBeVisible();
  const entry = page.getByRole('listitem', { name: `Benutzer deaktiviert user ${email}` }).first();
  await expect(entry).toContainText(`von Ihnen (${admin.email})`);
  await expect(entry).toContainText(/disabled: false\s*→\s*true/);
  const time = entry.locator('time');
  const at = new Date((await time.getAttribute('datetime')) ?? '');
  await expect(time).toHaveText(written('de', { dateStyle: 'medium', timeStyle: 'short' }, at));
  await expect(time).toHaveText(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/);

  await sections.getByRole('link', { name: 'Anbieter' }).click();
  await expect(page.getByRole('heading', { name: 'Standardmodell' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Anbieter hinzufügen' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Änderungen speichern' })).toBeDisabled();

  // Usage totals: at least 1,234,567 tokens and $1,234.56, written "1.234.567" and "1.234,56 $".
  await sections.getByRole('link', { name: 'Nutzung' }).click();
  await expect(page.getByRole('img', { name: /^Kosten pro Tag: .* insgesamt über 30 Tage$/ })).toBeVisible();
  await expect(cardValue(page, 'Tokens')).toHaveText(/^\d{1,3}(\.\d{3}){2,}$/);
  await expect(cardValue(page, 'Kosten')).toHaveText(/^\d{1,3}(\.\d{3})+,\d{2}\s\$$/);
  await expect(page.getByText('Aktive Benutzer')).toBeVisible();
  await context.close();
});

test('a user who picks Español sees the account and billing pages in Spanish, with Spanish dates and amounts', async ({
  page,
}) => {
  const { email } = await signUp(page, 'es-user');
  await addUsage(email, { costMicros: 1_250_000, model: 'gpt-4o', inputTokens: 30_000, outputTokens: 4_567 });

  // The choice is the person's, in the app: it holds over the browser's English.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');

  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'Cuenta', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Perfil' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Guardar perfil' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cambiar contraseña' })).toBeVisible();
  const devices = page.getByRole('list', { name: 'Dispositivos con sesión iniciada' });
  await expect(devices).toContainText('(este dispositivo)');
  // Signed in today: "sesión iniciada el 7 de diciembre de 2026".
  await expect(devices).toContainText(`sesión iniciada el ${written('es', longDate, new Date())}`);
  await expect(page.getByRole('button', { name: 'Exportar mis datos' })).toBeVisible();

  await page.goto('/billing');
  await expect(page.getByRole('heading', { name: 'Plan y uso' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Plan actual' })).toBeVisible();
  const usd = (amount: number) =>
    new Intl.NumberFormat('es', { style: 'currency', currency: 'USD', minimumFractionDigits: 2 }).format(
      amount,
    );
  const meter = page.getByRole('meter', { name: 'Uso en este periodo' });
  await expect(meter).toHaveAttribute('aria-valuetext', new RegExp(`^${escape(usd(1.25))} de `));
  await expect(page.getByText(/^Se renueva el \d{1,2} de [a-z]+ de \d{4}\.$/)).toBeVisible();
  // The model's row: 34.567 tokens and 1,25 US$ (amounts stay in the plan's dollars).
  const byModel = page.getByRole('table', { name: 'Uso por modelo' });
  await expect(byModel.getByRole('columnheader', { name: 'Modelo' })).toBeVisible();
  const modelRow = byModel.getByRole('row', { name: /gpt-4o/ });
  await expect(modelRow).toContainText('34.567');
  await expect(modelRow).toContainText(usd(1.25));
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
