import type { Page, Route } from '@playwright/test';
import {
  answers,
  expect,
  questions,
  screenshot,
  send,
  signUp,
  test,
  waitForAnswer,
} from './support/fixtures';

/**
 * A message typed the moment the chat page appears, before it has what a send needs (a new chat
 * needs the model list), is never dropped: it waits and goes out, or the composer says why not.
 * The model list is slowed down, held or failed at the browser's network edge (`page.route`).
 */

const MODELS = '**/api/models';

/** Holds every model-list request until `release()` is called. */
async function holdModels(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(MODELS, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** Answers every model-list request with the gateway's 503 error envelope; counts them. */
async function failModels(page: Page): Promise<{ count: () => number }> {
  let count = 0;
  await page.route(MODELS, async (route: Route) => {
    count += 1;
    await route.fulfill({
      status: 503,
      json: {
        error: { code: 'UPSTREAM_UNAVAILABLE', message: 'The chat service is not available right now.' },
        requestId: `req_e2e${count}`,
      },
    });
  });
  return { count: () => count };
}

/** Counts the chats this page creates (POST /api/chats). */
function countChatCreations(page: Page): () => number {
  let count = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/chats') count += 1;
  });
  return () => count;
}

const composer = (page: Page) => page.getByLabel('Message', { exact: true });
const sendButton = (page: Page) => page.getByRole('button', { name: 'Send message' });
const waitingNotice = (page: Page) => page.getByRole('status').filter({ hasText: 'your message' });

/** After a reload (so what the server stored, not what the page kept): one question, this text. */
async function expectStoredOnce(page: Page, text: string) {
  await expect(page).toHaveURL(/\/chat\/cht_[0-9a-z]+$/);
  await waitForAnswer(page);
  await page.reload();
  await expect(questions(page)).toHaveCount(1);
  await expect(questions(page).first()).toContainText(text);
  await expect(answers(page)).toHaveCount(1);
  await expect(page.getByRole('navigation', { name: 'Chats' }).getByRole('listitem')).toHaveCount(1);
}

test('Enter pressed as soon as the composer shows, with a slow model list (1 s), sends the message', async ({
  page,
}) => {
  const chatCreations = countChatCreations(page);
  await page.route(MODELS, async (route) => {
    // The slow network itself, not a wait for a condition: the page must cope with it.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await route.continue();
  });
  await signUp(page, 'first-enter');
  const text = 'Hello right away [[words:5]]';
  await composer(page).fill(text);
  await composer(page).press('Enter');
  await expect(questions(page)).toHaveCount(1);
  await expect(questions(page).first()).toContainText('Hello right away');
  await expect(composer(page)).toHaveValue('');
  await expectStoredOnce(page, 'Hello right away');
  expect(chatCreations()).toBe(1);
});

test('the send button clicked before the models have loaded queues the message, which goes out once they have', async ({
  page,
}) => {
  const release = await holdModels(page);
  await signUp(page, 'first-click');
  const text = 'Clicked early [[words:5]]';
  await composer(page).fill(text);
  await expect(sendButton(page)).toBeEnabled();
  await sendButton(page).click();
  // Said, not silent: the text stays and the composer tells what it waits for.
  await expect(waitingNotice(page)).toContainText('Waiting for the models to load');
  await expect(composer(page)).toHaveValue(text);
  await expect(questions(page)).toHaveCount(0);
  await screenshot(page, 'chat-first-message-queued');

  release();
  await expect(questions(page)).toHaveCount(1);
  await expect(waitingNotice(page)).toHaveCount(0);
  await expectStoredOnce(page, 'Clicked early');
});

test('a quick double Enter, queued or not, sends the message once', async ({ page }) => {
  const chatCreations = countChatCreations(page);
  const release = await holdModels(page);
  await signUp(page, 'double-enter');
  await composer(page).fill('Twice pressed [[words:5]]');
  await composer(page).press('Enter');
  await composer(page).press('Enter');
  await expect(waitingNotice(page)).toBeVisible();
  release();
  await expectStoredOnce(page, 'Twice pressed');
  expect(chatCreations()).toBe(1);

  // Ready from the start this time: two Enters in a row while the first is on its way.
  await composer(page).fill('Again twice [[words:5]]');
  await composer(page).press('Enter');
  await composer(page).press('Enter');
  await expect(questions(page)).toHaveCount(2);
  await waitForAnswer(page);
  await page.reload();
  await expect(questions(page)).toHaveCount(2);
  await expect(questions(page).last()).toContainText('Again twice');
});

test('a queued message can be cancelled or edited; it is then sent only when asked', async ({ page }) => {
  const chatCreations = countChatCreations(page);
  const release = await holdModels(page);
  await signUp(page, 'cancel-queued');
  await composer(page).fill('First thought');
  await composer(page).press('Enter');
  await expect(waitingNotice(page)).toBeVisible();
  await waitingNotice(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(waitingNotice(page)).toHaveCount(0);
  await expect(composer(page)).toHaveValue('First thought');

  // Queued again, then edited: editing takes the message back out of the queue.
  await composer(page).press('Enter');
  await expect(waitingNotice(page)).toBeVisible();
  await composer(page).fill('Second thought [[words:5]]');
  await expect(waitingNotice(page)).toHaveCount(0);

  release();
  // The models are there (the picker shows) and nothing went out on its own.
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeVisible();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(composer(page)).toHaveValue('Second thought [[words:5]]');
  await expect(questions(page)).toHaveCount(0);

  await composer(page).press('Enter');
  await expectStoredOnce(page, 'Second thought');
  expect(chatCreations()).toBe(1);
});

test('a failing model list shows a clear error and a retry; the kept message goes out after it', async ({
  page,
}) => {
  const models = await failModels(page);
  await signUp(page, 'failing-models');
  await composer(page).fill('Sent after the retry [[words:5]]');
  await composer(page).press('Enter');
  await expect(waitingNotice(page)).toBeVisible();

  const alert = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
  await expect(alert).toContainText('The chat service is not available right now.');
  await expect(waitingNotice(page)).toContainText('Not sent yet');
  await expect(composer(page)).toHaveValue('Sent after the retry [[words:5]]');
  expect(models.count()).toBeGreaterThan(0);

  // A retry that fails again keeps the message and the error.
  const before = models.count();
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect.poll(models.count).toBeGreaterThan(before);
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeEnabled();
  await expect(waitingNotice(page)).toContainText('Not sent yet');
  await expect(questions(page)).toHaveCount(0);
  await screenshot(page, 'chat-models-failed');

  // The service is back: the retry loads the models and the waiting message goes out.
  await page.unroute(MODELS);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(questions(page)).toHaveCount(1);
  await expect(alert).toHaveCount(0);
  await expectStoredOnce(page, 'Sent after the retry');
});

test('an existing chat opened by its address: a message sent before its messages load answers the last one', async ({
  page,
}) => {
  await signUp(page, 'existing-chat');
  await send(page, 'First question [[words:5]]');
  await waitForAnswer(page);
  const chatUrl = page.url();

  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/chats/*/messages', async (route) => {
    // Only the list is held; sending (POST) goes through.
    if (route.request().method() === 'GET') await released;
    await route.continue();
  });
  await page.goto(chatUrl);
  await composer(page).fill('Second question [[words:5]]');
  await composer(page).press('Enter');
  await expect(waitingNotice(page)).toContainText('Waiting for the chat to load');

  release();
  await expect(questions(page)).toHaveCount(2);
  await waitForAnswer(page);
  await page.reload();
  // One branch: the new question follows the first answer (not a second version of the first question).
  await expect(questions(page)).toHaveCount(2);
  await expect(questions(page).last()).toContainText('Second question');
  await expect(page.getByRole('navigation', { name: 'Message versions' })).toHaveCount(0);
});
