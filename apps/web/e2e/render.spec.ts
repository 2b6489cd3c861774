import { writeFile } from 'node:fs/promises';
import type { Page, TestInfo } from '@playwright/test';
import { expectNoSeriousViolations } from './support/axe';
import { answers, expect, screenshots, signUp, test } from './support/fixtures';

const ANSWER = [
  'Mass–energy equivalence:',
  '',
  '$$E=mc^2$$',
  '',
  'Inline too: \\(a^2+b^2=c^2\\). It costs $5 and $10.',
  '',
  '```mermaid',
  'graph TD',
  '  A[Start] --> B[Finish]',
  '```',
  '',
  '```mermaid',
  'notADiagram at all',
  '```',
].join('\n');

const message = (id: string, parent: string, children: string[], role: string, text: string, at: number) => ({
  id,
  parent,
  children,
  message: {
    id,
    author: { role, name: null, metadata: {} },
    create_time: at,
    content: { content_type: 'text', parts: [text] },
    status: 'finished_successfully',
    metadata: role === 'assistant' ? { model_slug: 'gpt-4o' } : {},
    recipient: 'all',
  },
});

/** A ChatGPT export with one answer holding math and diagrams: the fake LLM only writes lorem ipsum. */
async function importMathChat(page: Page, testInfo: TestInfo) {
  const file = testInfo.outputPath('math.json');
  await writeFile(
    file,
    JSON.stringify([
      {
        title: 'Physics notes',
        create_time: 1_714_000_000,
        update_time: 1_714_000_100,
        mapping: {
          root: { id: 'root', parent: null, children: ['q'], message: null },
          q: message('q', 'root', ['a'], 'user', 'Explain E=mc^2 with a diagram', 1_714_000_010),
          a: message('a', 'q', [], 'assistant', ANSWER, 1_714_000_020),
        },
        current_node: 'a',
      },
    ]),
  );
  await page.getByLabel('Import chat file').setInputFiles(file);
  await expect(page).toHaveURL(/\/chat\/cht_/);
}

test('math renders with KaTeX and mermaid blocks as diagrams, with their source a click away', async ({
  page,
}, testInfo) => {
  await signUp(page, 'render');
  await importMathChat(page, testInfo);
  const answer = answers(page).first();

  await expect(answer.locator('.katex')).toHaveCount(2);
  await expect(answer.locator('.katex-display')).toHaveCount(1);
  await expect(answer).toContainText('It costs $5 and $10.');

  const diagrams = answer.locator('.mermaid-block');
  await expect(diagrams).toHaveCount(2);
  const valid = diagrams.first();
  const svg = valid.getByRole('img', { name: 'Mermaid diagram' }).locator('svg');
  await expect(svg).toBeVisible();
  await expect(svg).toContainText('Start');
  await screenshots(page, 'render-math-mermaid');
  await valid.getByRole('button', { name: 'Show source' }).click();
  await expect(valid.locator('code')).toContainText('A[Start] --> B[Finish]');
  await expect(svg).toHaveCount(0);
  await valid.getByRole('button', { name: 'Show diagram' }).click();
  await expect(svg).toBeVisible();

  // An invalid diagram says so and shows what the model wrote.
  const invalid = diagrams.nth(1);
  await expect(invalid.getByRole('alert')).toContainText('Could not draw this diagram');
  await expect(invalid.locator('code')).toContainText('notADiagram at all');
  await expect(invalid.getByRole('img', { name: 'Mermaid diagram' })).toHaveCount(0);
  await expectNoSeriousViolations(page, 'an answer with math and diagrams');
});

test('keyboard shortcuts: ? lists them, Ctrl+K searches, new chat, sidebar and copy', async ({
  page,
  context,
}, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signUp(page, 'shortcuts');
  await importMathChat(page, testInfo);
  await expect(answers(page).first().locator('.katex').first()).toBeVisible();
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });

  // `?` in the message box types a question mark; outside text fields it opens the list.
  const composer = page.getByLabel('Message', { exact: true });
  await composer.fill('Why');
  await composer.press('?');
  await expect(composer).toHaveValue('Why?');
  await expect(dialog).toBeHidden();
  await composer.fill('');
  await page.getByRole('heading', { name: 'Physics notes' }).click();
  await page.keyboard.press('?');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('row', { name: /New chat/ })).toContainText('CtrlShiftO');
  await screenshots(page, 'shortcuts-dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // The account menu opens it too.
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close dialog' }).click();
  await expect(dialog).toBeHidden();

  // Ctrl+K works from inside the message box.
  await composer.focus();
  await page.keyboard.press('Control+K');
  await expect(page.getByLabel('Search chats')).toBeFocused();

  await page.keyboard.press('Control+Shift+C');
  await expect(page.getByRole('status').filter({ hasText: 'Copied the last answer.' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ANSWER);

  const sidebar = page.getByRole('navigation', { name: 'Chats' });
  await page.keyboard.press('Control+Shift+S');
  await expect(sidebar).toBeHidden();
  await page.keyboard.press('Control+Shift+S');
  await expect(sidebar).toBeVisible();

  await page.keyboard.press('Control+Shift+O');
  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.getByRole('heading', { name: 'New chat' })).toBeVisible();
});
