import { fakeReply } from '@vivier/testkit';
import {
  answerText,
  answers,
  expect,
  questions,
  screenshot,
  send,
  signUp,
  test,
  waitForAnswer,
} from './support/fixtures';

test('the chat journey: stream, stop, regenerate, edit and branch, search, rename, archive, delete, log out', async ({
  page,
}) => {
  await signUp(page, 'journey');
  await expect(page.getByRole('note').filter({ hasText: 'Offline demo model' })).toBeVisible();
  const sidebar = page.getByRole('navigation', { name: 'Chats' });
  const unique = `zebra${Date.now().toString(36)}`;

  await test.step('send: the answer streams in, then shows tokens and cost', async () => {
    const prompt = `Tell me about ${unique} lighthouses. [[words:200]] [[delay:40]]`;
    await send(page, prompt);
    await expect(page).toHaveURL(/\/chat\/cht_[0-9a-z]+$/);
    await expect(page.getByRole('button', { name: 'Stop generating' })).toBeVisible();
    // Text is on screen while the answer is still being written (aria-busy), not only at the end.
    await expect(answers(page).first().locator('[aria-busy="true"] .markdown')).toContainText(/\w+ \w+ \w+/);
    const finished = await waitForAnswer(page);
    expect(await answerText(finished)).toBe(fakeReply(prompt));
    await expect(finished.getByText(/\d+ tokens \(\d+ in · \d+ out\)/)).toBeVisible();
    await screenshot(page, '04-streamed-answer');
  });

  const longPrompt = 'Write a long essay about harbours. [[words:1500]] [[delay:20]]';
  let stoppedText = '';
  await test.step('stop mid-stream: the partial answer stays', async () => {
    await send(page, longPrompt);
    const second = answers(page).nth(1);
    await expect(second.locator('.markdown')).toContainText(/\w+ \w+ \w+ \w+/);
    await page.getByRole('button', { name: 'Stop generating' }).click();
    await expect(second.getByText('Stopped')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send message' })).toBeVisible();
    stoppedText = await answerText(second);
    expect(stoppedText.length).toBeGreaterThan(0);
    expect(stoppedText.length).toBeLessThan(fakeReply(longPrompt).length);
    expect(fakeReply(longPrompt).startsWith(stoppedText)).toBe(true);
  });

  await test.step('regenerate: a second version, stopped with Esc; ‹ › moves between them', async () => {
    await answers(page).nth(1).getByRole('button', { name: 'Regenerate answer' }).click();
    const versions = answers(page).nth(1).getByRole('navigation', { name: 'Message versions' });
    await expect(versions).toContainText('2/2');
    await expect(answers(page).nth(1).locator('.markdown')).toContainText(/\w+ \w+ \w+/);
    await page.keyboard.press('Escape');
    await expect(answers(page).nth(1).getByText('Stopped')).toBeVisible();
    await versions.getByRole('button', { name: 'Previous version' }).click();
    await expect(versions).toContainText('1/2');
    expect(await answerText(answers(page).nth(1))).toBe(stoppedText);
    await versions.getByRole('button', { name: 'Next version' }).click();
    await expect(versions).toContainText('2/2');
  });

  const editedPrompt = `Tell me about ${unique} harbours instead. [[words:30]] [[delay:10]]`;
  await test.step('edit the first message: a new branch with its own answer', async () => {
    await questions(page).first().getByRole('button', { name: 'Edit message' }).click();
    await page.getByRole('textbox', { name: 'Edit message' }).fill(editedPrompt);
    await page.getByRole('button', { name: 'Save and send' }).click();
    // The new branch replaces the old one on screen; then its answer finishes.
    await expect(questions(page)).toHaveCount(1);
    await expect(questions(page).first()).toContainText('harbours instead');
    await waitForAnswer(page);
    const versions = questions(page).first().getByRole('navigation', { name: 'Message versions' });
    await expect(versions).toContainText('2/2');
    expect(await answerText(answers(page).first())).toBe(fakeReply(editedPrompt));
    await screenshot(page, '05-branches');

    await versions.getByRole('button', { name: 'Previous version' }).click();
    await expect(versions).toContainText('1/2');
    await expect(questions(page)).toHaveCount(2);
    await expect(questions(page).first()).toContainText('lighthouses');
    await versions.getByRole('button', { name: 'Next version' }).click();
    await expect(questions(page)).toHaveCount(1);
  });

  const title = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
  await test.step('search finds the chat by a word of its messages', async () => {
    await sidebar.getByLabel('Search chats').fill(unique);
    await expect(sidebar.getByRole('link', { name: title })).toBeVisible();
    // The result quotes the message that matched.
    await expect(sidebar.getByTestId('search-snippet')).toContainText(unique);
    await sidebar.getByLabel('Search chats').fill(`nothing${unique}`);
    await expect(sidebar.getByText(/No chats match/)).toBeVisible();
    await sidebar.getByLabel('Search chats').fill('');
    await screenshot(page, '06-sidebar');
  });

  await test.step('rename, archive, unarchive', async () => {
    await sidebar.getByRole('button', { name: `Actions for ${title}` }).click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    await sidebar.getByLabel('Chat title').fill('Harbour notes');
    await sidebar.getByLabel('Chat title').press('Enter');
    await expect(sidebar.getByRole('link', { name: 'Harbour notes' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Harbour notes');

    await sidebar.getByRole('button', { name: 'Actions for Harbour notes' }).click();
    await page.getByRole('menuitem', { name: 'Archive' }).click();
    await expect(sidebar.getByRole('link', { name: 'Harbour notes' })).toHaveCount(0);
    await sidebar.getByRole('button', { name: 'Show archived chats' }).click();
    await expect(sidebar.getByRole('link', { name: 'Harbour notes' })).toBeVisible();
    await sidebar.getByRole('button', { name: 'Actions for Harbour notes' }).click();
    await page.getByRole('menuitem', { name: 'Unarchive' }).click();
    await expect(sidebar.getByRole('link', { name: 'Harbour notes' })).toHaveCount(0);
    await sidebar.getByRole('button', { name: 'Showing archived chats' }).click();
    await expect(sidebar.getByRole('link', { name: 'Harbour notes' })).toBeVisible();
  });

  await test.step('delete after confirming', async () => {
    await sidebar.getByRole('button', { name: 'Actions for Harbour notes' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete chat?' });
    await expect(dialog).toBeVisible();
    await screenshot(page, '07-delete-confirmation');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(sidebar.getByRole('link', { name: 'Harbour notes' })).toHaveCount(0);
    await expect(page).toHaveURL(/\/chat$/);
  });

  await test.step('log out', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL(/\/login/);
  });
});

test('per-chat settings reach the model (system prompt, temperature, max tokens)', async ({ page }) => {
  await signUp(page, 'settings');
  await page.getByRole('button', { name: 'Chat settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Chat settings' });
  await dialog.getByLabel('System prompt').fill('You are a terse lighthouse keeper.');
  await dialog.getByLabel('Temperature').fill('0.3');
  await dialog.getByLabel('Max tokens').fill('321');
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();
  await send(page, '[[echo]] what do you see?');
  const answer = await waitForAnswer(page);
  const echoed = await answerText(answer);
  expect(echoed).toContain('You are a terse lighthouse keeper.');
  expect(echoed).toContain('"temperature":0.3');
  expect(echoed).toContain('"maxTokens":321');

  // Settings of an existing chat are saved on the server: they are there after a reload.
  await page.reload();
  await page.getByRole('button', { name: 'Chat settings' }).click();
  await expect(page.getByRole('dialog', { name: 'Chat settings' }).getByLabel('Max tokens')).toHaveValue(
    '321',
  );
});

test('export as Markdown and JSON, and import the JSON as a new chat', async ({ page }, testInfo) => {
  await signUp(page, 'export');
  const prompt = 'Describe the tides. [[words:20]] [[delay:5]]';
  await send(page, prompt);
  await waitForAnswer(page);

  await page.getByRole('button', { name: 'Export chat' }).click();
  const [markdownDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Export as Markdown' }).click(),
  ]);
  const markdownPath = testInfo.outputPath('chat.md');
  await markdownDownload.saveAs(markdownPath);
  const { readFile } = await import('node:fs/promises');
  expect(await readFile(markdownPath, 'utf8')).toContain('Describe the tides.');

  await page.getByRole('button', { name: 'Export chat' }).click();
  const [jsonDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Export as JSON' }).click(),
  ]);
  const jsonPath = testInfo.outputPath('chat.json');
  await jsonDownload.saveAs(jsonPath);
  const exported = JSON.parse(await readFile(jsonPath, 'utf8')) as { format: string; messages: unknown[] };
  expect(exported.format).toBe('vivier.chat');
  expect(exported.messages).toHaveLength(2);

  const urlBefore = page.url();
  await page.getByLabel('Import chat file').setInputFiles(jsonPath);
  await expect(page).not.toHaveURL(urlBefore);
  await expect(page).toHaveURL(/\/chat\/cht_/);
  await expect(questions(page).first()).toContainText('Describe the tides.');
  expect(await answerText(answers(page).first())).toBe(fakeReply(prompt));

  // A file that is not an export gets a clear message, not a crash.
  const bogus = testInfo.outputPath('bogus.json');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(bogus, '{"hello":"world"}');
  await page.getByLabel('Import chat file').setInputFiles(bogus);
  await expect(page.getByRole('alert').filter({ hasText: 'Unrecognised file' })).toBeVisible();
});
