import { fakeReasoning, fakeReply } from '@vivier/testkit';
import type { Page } from '@playwright/test';
import {
  answerText,
  answers,
  expect,
  screenshots,
  send,
  signUp,
  test,
  waitForAnswer,
} from './support/fixtures';

const THINKING_MODEL = 'openai-compatible/fake-thinking';
const THOUGHT_FOR = /^Thought for (\d+) s$/;

async function chooseThinkingModel(page: Page) {
  const picker = page.getByLabel('Model', { exact: true });
  await expect(picker.locator(`option[value="${THINKING_MODEL}"]`)).toHaveCount(1);
  await picker.selectOption(THINKING_MODEL);
}

test('thinking streams above the answer, folds into "Thought for N s" once the answer starts, and survives a reload', async ({
  page,
}) => {
  await signUp(page, 'thinking');
  await chooseThinkingModel(page);
  // 60 thoughts 40 ms apart: about 2.4 s of thinking before the answer starts.
  const prompt = 'How do tides work? [[think:60]] [[words:60]] [[delay:40]]';
  await send(page, prompt);
  const answer = answers(page).first();

  const thinkingToggle = answer.getByRole('button', { name: 'Thinking…' });
  await expect(thinkingToggle).toHaveAttribute('aria-expanded', 'true');
  const thinking = answer.getByRole('region', { name: 'Model thinking' });
  await expect(thinking).toContainText(/\w+ \w+ \w+ \w+/);
  await screenshots(page, 'reasoning-thinking');

  // The answer starts: the thinking folds under how long it took.
  const thoughtFor = answer.getByRole('button', { name: THOUGHT_FOR });
  await expect(thoughtFor).toHaveAttribute('aria-expanded', 'false');
  await expect(answer.locator('.markdown')).toContainText(/\w+ \w+/);
  await waitForAnswer(page);
  // The thinking is not part of the answer.
  expect(await answerText(answer)).toBe(fakeReply(prompt));
  const seconds = Number(THOUGHT_FOR.exec((await thoughtFor.textContent()) ?? '')?.[1]);
  expect(seconds).toBeGreaterThanOrEqual(2);

  await thoughtFor.click();
  await expect(thoughtFor).toHaveAttribute('aria-expanded', 'true');
  await expect(thinking).toHaveText(fakeReasoning(prompt));
  await screenshots(page, 'reasoning-expanded');

  // Stored with the message: after a reload it is there, folded, with the same duration.
  await page.reload();
  const stored = answers(page).first();
  const storedToggle = stored.getByRole('button', { name: `Thought for ${seconds} s` });
  await expect(storedToggle).toHaveAttribute('aria-expanded', 'false');
  await expect(
    stored.getByRole('region', { name: 'Model thinking' }).getByText(fakeReasoning(prompt)),
  ).toBeHidden();
  await storedToggle.click();
  await expect(stored.getByRole('region', { name: 'Model thinking' })).toHaveText(fakeReasoning(prompt));
});

test('reasoning effort is offered only for a model that thinks, and a low effort thinks less', async ({
  page,
}) => {
  await signUp(page, 'effort');
  await page.getByLabel('Model', { exact: true }).selectOption('openai-compatible/fake');
  await page.getByRole('button', { name: 'Chat settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Chat settings' });
  await expect(dialog.getByLabel('Temperature')).toBeVisible();
  await expect(dialog.getByLabel('Reasoning effort')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await chooseThinkingModel(page);
  await page.getByRole('button', { name: 'Chat settings' }).click();
  await dialog.getByLabel('Reasoning effort').selectOption('low');
  await screenshots(page, 'reasoning-effort');
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();

  const prompt = 'Name a river.';
  await send(page, prompt);
  const answer = await waitForAnswer(page);
  await answer.getByRole('button', { name: THOUGHT_FOR }).click();
  // The demo thinking model thinks 8 words on low (16 by default).
  await expect(answer.getByRole('region', { name: 'Model thinking' })).toHaveText(fakeReasoning(prompt, 8));

  // The choice is the chat's: it is still there when the settings open again.
  await page.getByRole('button', { name: 'Chat settings' }).click();
  await expect(dialog.getByLabel('Reasoning effort')).toHaveValue('low');
});

test('the effort beside the model picker is the chat’s setting: chosen there, it reaches the model and stays', async ({
  page,
}) => {
  await signUp(page, 'picker-effort');
  const effort = page.getByRole('combobox', { name: 'Reasoning effort' });
  await page.getByLabel('Model', { exact: true }).selectOption('openai-compatible/fake');
  await expect(effort).toHaveCount(0);

  await chooseThinkingModel(page);
  await expect(effort).toHaveValue('');
  await effort.selectOption('high');
  await screenshots(page, 'reasoning-effort-picker');

  const prompt = 'Name a mountain.';
  await send(page, prompt);
  const answer = await waitForAnswer(page);
  await answer.getByRole('button', { name: THOUGHT_FOR }).click();
  // The demo thinking model thinks 32 words on high (16 by default): the effort reached it.
  await expect(answer.getByRole('region', { name: 'Model thinking' })).toHaveText(fakeReasoning(prompt, 32));

  // One source of truth: the chat settings show the same choice, and a reload keeps it.
  await page.getByRole('button', { name: 'Chat settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Chat settings' });
  await expect(dialog.getByLabel('Reasoning effort')).toHaveValue('high');
  await dialog.getByLabel('Reasoning effort').selectOption('low');
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();
  await expect(effort).toHaveValue('low');
  await page.reload();
  await expect(effort).toHaveValue('low');
});
