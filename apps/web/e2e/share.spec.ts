import {
  answers,
  expect,
  questions,
  screenshots,
  send,
  signUp,
  test,
  waitForAnswer,
} from './support/fixtures';

test('share a chat as a public snapshot, update it, fork from a middle message, revoke it', async ({
  page,
  browser,
}) => {
  await signUp(page, 'share');
  await send(page, 'First question about alpacas');
  await waitForAnswer(page);
  await send(page, 'Second question about beavers');
  await waitForAnswer(page);
  const chatUrl = page.url();

  const dialog = page.getByRole('dialog', { name: 'Share chat' });
  let shareUrl = '';
  await test.step('create the link', async () => {
    await page.getByRole('button', { name: 'Share chat' }).click();
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const link = dialog.getByRole('link', { name: 'Share link' });
    await expect(link).toHaveText(/\/share\/[A-Za-z0-9_-]{43}$/);
    shareUrl = (await link.getAttribute('href'))!;
    await expect(dialog.getByText(/4 messages shared · last updated/)).toBeVisible();
    await screenshots(page, 'share-dialog');
    await page.keyboard.press('Escape');
  });

  // A visitor with no account: a fresh context has no session cookie.
  const visitorContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const visitor = await visitorContext.newPage();
  const sharedQuestions = visitor.getByRole('article', { name: 'User message' });
  await test.step('a signed-out visitor reads it, and search engines are told not to index it', async () => {
    await visitor.goto(new URL(shareUrl).pathname);
    await expect(sharedQuestions).toHaveCount(2);
    await expect(sharedQuestions.first()).toHaveText('First question about alpacas');
    await expect(visitor.getByRole('article', { name: 'Assistant message' })).toHaveCount(2);
    await expect(visitor.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
    await expect(visitor.getByRole('textbox')).toHaveCount(0);
    await screenshots(visitor, 'share-public-page');
  });

  await test.step('a later message is not shared until "Update link"', async () => {
    await send(page, 'Third question about camels');
    await waitForAnswer(page);
    await visitor.reload();
    await expect(sharedQuestions).toHaveCount(2);
    await expect(visitor.getByText('Third question about camels')).toHaveCount(0);

    await page.getByRole('button', { name: 'Share chat' }).click();
    await dialog.getByRole('button', { name: 'Update link' }).click();
    await expect(dialog.getByText(/6 messages shared/)).toBeVisible();
    await expect(dialog.getByRole('link', { name: 'Share link' })).toHaveAttribute('href', shareUrl);
    await page.keyboard.press('Escape');
    await visitor.reload();
    await expect(sharedQuestions).toHaveCount(3);
    await expect(sharedQuestions.last()).toHaveText('Third question about camels');
  });

  await test.step('fork from the first answer: a new chat with exactly that path', async () => {
    await answers(page).first().getByRole('button', { name: 'Fork from here' }).click();
    await expect(page).not.toHaveURL(chatUrl);
    await expect(page).toHaveURL(/\/chat\/cht_[0-9a-z]+$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/\(fork\)$/);
    await expect(questions(page)).toHaveCount(1);
    await expect(questions(page).first()).toContainText('First question about alpacas');
    await expect(answers(page)).toHaveCount(1);
    await screenshots(page, 'fork');
  });

  await test.step('revoke it on the account page: the page says it was removed', async () => {
    await page.goto('/account');
    const links = page.getByRole('list', { name: 'Shared links' });
    await expect(links.getByRole('listitem')).toHaveCount(1);
    await links.getByRole('button', { name: /^Stop sharing/ }).click();
    await expect(page.getByText('You have not shared any chat.')).toBeVisible();
    await visitor.reload();
    await expect(visitor.getByRole('heading', { name: 'This link was removed' })).toBeVisible();
    await screenshots(visitor, 'share-removed');
  });
  await visitorContext.close();
});
