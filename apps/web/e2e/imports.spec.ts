import { writeFile } from 'node:fs/promises';
import { answers, expect, questions, screenshots, signUp, test } from './support/fixtures';

const node = (
  id: string,
  parent: string | null,
  children: string[],
  role: string | null,
  text: string,
  at: number,
) => ({
  id,
  parent,
  children,
  message:
    role === null
      ? null
      : {
          id,
          author: { role, name: null, metadata: {} },
          create_time: at,
          content: { content_type: 'text', parts: [text] },
          status: 'finished_successfully',
          metadata: role === 'assistant' ? { model_slug: 'gpt-4o' } : {},
          recipient: 'all',
        },
});

/** A small ChatGPT `conversations.json`: one question answered twice (a regenerated branch). */
const chatGptExport = [
  {
    title: 'Harbour names',
    create_time: 1_714_000_000.5,
    update_time: 1_714_000_300.25,
    mapping: {
      root: node('root', null, ['sys'], null, '', 0),
      sys: node('sys', 'root', ['q'], 'system', '', 1_714_000_000),
      q: node('q', 'sys', ['a1', 'a2'], 'user', 'Name a famous harbour', 1_714_000_010),
      a1: node('a1', 'q', [], 'assistant', 'Sydney Harbour.', 1_714_000_011),
      a2: node('a2', 'q', [], 'assistant', 'Rotterdam.', 1_714_000_200),
    },
    current_node: 'a2',
  },
];

test('import a ChatGPT export: the chat opens with its title and both answers as versions', async ({
  page,
}, testInfo) => {
  await signUp(page, 'imports');
  const file = testInfo.outputPath('conversations.json');
  await writeFile(file, JSON.stringify(chatGptExport));
  await page.getByLabel('Import chat file').setInputFiles(file);

  await expect(page).toHaveURL(/\/chat\/cht_/);
  await expect(page.getByRole('status').filter({ hasText: 'Imported “Harbour names”' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Harbour names/ }).first()).toBeVisible();
  await expect(questions(page).first()).toContainText('Name a famous harbour');
  // The newest answer shows; the other is one click away.
  const versions = answers(page).first().getByRole('navigation', { name: 'Message versions' });
  await expect(versions).toContainText('2/2');
  await expect(answers(page).first()).toContainText('Rotterdam.');
  await versions.getByRole('button', { name: 'Previous version' }).click();
  await expect(versions).toContainText('1/2');
  await expect(answers(page).first()).toContainText('Sydney Harbour.');
  await screenshots(page, 'import-chatgpt');

  // A broken export names the format and the place; nothing is imported.
  const broken = testInfo.outputPath('broken.json');
  await writeFile(
    broken,
    JSON.stringify([{ ...chatGptExport[0], mapping: { x: { message: { author: {} } } } }]),
  );
  await page.getByLabel('Import chat file').setInputFiles(broken);
  await expect(page.getByRole('alert').filter({ hasText: 'Invalid ChatGPT export' })).toBeVisible();
  await screenshots(page, 'import-refused');
});
