import { expect, PASSWORD, screenshots, signUp, test, uniqueEmail } from './support/fixtures';

/**
 * The UI speaks the reader's language: the browser's (Accept-Language) until they choose one in
 * the sidebar, on the account page or on the sign-in pages, then that choice (a cookie) on every page and after a reload. Dates and numbers
 * are written the way that language writes them.
 */
test('a French browser gets French pages; a user switches to Japanese and it stays', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();

  await test.step('the login page is in French', async () => {
    await page.goto('/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page).toHaveTitle('Connexion · Vivier');
    await expect(page.getByRole('heading', { name: 'Se connecter' })).toBeVisible();
    await expect(page.getByLabel('Mot de passe')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Mot de passe oublié ?' })).toBeVisible();
  });

  await test.step('sign-up and the chat page are in French', async () => {
    await page.getByRole('link', { name: 'Créer un compte' }).click();
    await expect(page.getByRole('heading', { name: 'Créez votre compte' })).toBeVisible();
    await page.getByLabel('Nom').fill('Ada Lovelace');
    await page.getByLabel('E-mail').fill(uniqueEmail('langue'));
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    await expect(page).toHaveURL(/\/chat$/);
    await expect(page.getByRole('heading', { name: 'Comment puis-je vous aider ?' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Nouvelle discussion' })).toBeVisible();
    await expect(page.getByPlaceholder('Commencer une nouvelle discussion')).toBeVisible();
  });

  await test.step('a file’s size and a refused upload are said in French', async () => {
    const chips = page.getByRole('list', { name: 'Fichiers joints' });
    const files = page.getByLabel('Fichiers à joindre');
    await files.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.alloc(1536, 'a') });
    // A decimal comma and French units: "1,5 Ko", not "1.5 KB".
    await expect(chips.getByRole('listitem', { name: 'notes.txt' }).getByText('1,5 Ko')).toBeVisible();
    // Over the server's 5 MB limit: its 413 gives the limit, said the French way.
    await files.setInputFiles({
      name: 'huge.txt',
      mimeType: 'text/plain',
      buffer: Buffer.alloc(6 * 1024 * 1024, 'a'),
    });
    const refused = chips.getByRole('listitem', { name: 'huge.txt' }).getByRole('alert');
    await expect(refused).toHaveText('Fichier trop volumineux (max. 5 Mo)');
    for (const name of ['huge.txt', 'notes.txt'])
      await page.getByRole('button', { name: `Retirer ${name}` }).click();
    await expect(chips).toHaveCount(0);
  });

  await test.step('a token count over a thousand is grouped the French way', async () => {
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('Raconte une longue histoire [[words:1100]]');
    await box.press('Enter');
    // French groups thousands with a narrow no-break space: "1 1xx jetons".
    await expect(page.getByText(/^1\u202f\d{3} jetons \(/).first()).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('button', { name: 'Envoyer le message' })).toBeVisible();
  });

  await test.step('choosing Japanese in the sidebar re-renders the page in Japanese', async () => {
    await page.getByRole('combobox', { name: 'Langue' }).selectOption('ja');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await expect(page.getByRole('link', { name: '新しいチャット' })).toBeVisible();
    await expect(page.getByRole('combobox', { name: '言語' })).toHaveValue('ja');
  });

  await test.step('the choice survives a reload, over the browser’s French', async () => {
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await expect(page.getByRole('link', { name: '新しいチャット' })).toBeVisible();
    await expect(page.getByText(/^1,1\d{2}トークン/).first()).toBeVisible();
  });

  await test.step('a date is written the Japanese way', async () => {
    await page.getByRole('button', { name: 'チャットを共有' }).click();
    const dialog = page.getByRole('dialog', { name: 'チャットを共有' });
    await dialog.getByRole('button', { name: 'リンクを作成' }).click();
    // Japanese medium date and short time: "2026/12/07 5:04".
    await expect(
      dialog.getByText(/2件のメッセージを共有中・最終更新 \d{4}\/\d{2}\/\d{2} \d{1,2}:\d{2}/),
    ).toBeVisible();
  });

  await context.close();
});

test('a language is chosen on the login page before signing in, and later on the account page', async ({
  page,
}) => {
  await test.step('on the login page, Deutsch re-renders it in German', async () => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
    await expect(page.getByLabel('Passwort')).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Sprache' })).toHaveValue('de');
    await screenshots(page, 'languages-login-german');
  });

  await test.step('the register page stays German, and goes back to English from its own selector', async () => {
    await page.getByRole('link', { name: 'Konto erstellen' }).click();
    await expect(page.getByRole('heading', { name: 'Erstellen Sie Ihr Konto' })).toBeVisible();
    await page.getByRole('combobox', { name: 'Sprache' }).selectOption('en');
    await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  });

  await test.step('the account page has the selector: Español, kept after a reload', async () => {
    await signUp(page, 'account-language');
    await page.goto('/account');
    const panel = page.getByRole('region', { name: 'Language' });
    await expect(panel.getByRole('combobox', { name: 'Language' })).toHaveValue('en');
    await panel.getByRole('combobox', { name: 'Language' }).selectOption('es');
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('heading', { name: 'Cuenta', exact: true })).toBeVisible();
    await page.reload();
    await expect(
      page.getByRole('region', { name: 'Idioma' }).getByRole('combobox', { name: 'Idioma' }),
    ).toHaveValue('es');
    await screenshots(page, 'languages-account-spanish');
  });
});

test('the language box waits for the page to be ready: a choice made earlier would be lost', async ({
  page,
}) => {
  // The server's HTML without its scripts: what a slow device shows before React runs.
  await page.route('**/_next/static/chunks/**', (route) => route.abort());
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Language' })).toBeDisabled();
});
