import { answerText, expect, screenshot, send, signUp, test, waitForAnswer } from './support/fixtures';

const HANDBOOK = `# Vacation

Employees receive thirty vacation days per year. Unused days carry over until March.

# Expenses

Travel costs are reimbursed within fourteen days when the receipt is uploaded.
`;
const PARKING = '<h1>Parking</h1><p>Visitors park in the north garage and get a ticket at reception.</p>';

test('a user uploads documents into a knowledge base, asks a chat, and opens the cited passage', async ({
  page,
}) => {
  await signUp(page, 'knowledge');
  await page.getByRole('link', { name: 'Knowledge' }).click();
  await expect(page).toHaveURL(/\/knowledge$/);
  await page.getByLabel('New knowledge base name').fill('Handbook');
  await page.getByRole('button', { name: 'Create' }).click();
  const handbook = page.getByRole('region', { name: 'Handbook' });
  await expect(handbook).toBeVisible();

  await handbook.getByLabel(/Add documents/).setInputFiles([
    { name: 'handbook.md', mimeType: 'text/markdown', buffer: Buffer.from(HANDBOOK) },
    { name: 'parking.html', mimeType: 'text/html', buffer: Buffer.from(PARKING) },
  ]);
  const documents = page.getByRole('list', { name: 'Documents' });
  await expect(documents.getByRole('listitem', { name: 'handbook.md' })).toContainText('Ready · 2 passages');
  await expect(documents.getByRole('listitem', { name: 'parking.html' })).toContainText('Ready · 1 passage');
  await expect(page.getByRole('list', { name: 'Knowledge bases' })).toContainText('2 files');

  // Retrieval can be tried before any chat uses it.
  await page.getByRole('textbox', { name: 'Question' }).fill('where can visitors park?');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(
    page.getByRole('list', { name: 'Search results' }).getByRole('listitem').first(),
  ).toContainText('north garage');
  await screenshot(page, 'knowledge-base');

  // A chat that draws on the base answers with a numbered source that opens its passage.
  await page.goto('/chat');
  await page.getByRole('button', { name: 'Chat settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Chat settings' });
  await dialog.getByLabel('Handbook').check();
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();
  await send(page, 'How much holiday do staff get?');
  const answer = await waitForAnswer(page);
  expect(await answerText(answer)).toContain('thirty vacation days per year. [1]');
  const sources = answer.getByRole('region', { name: 'Sources' });
  await sources.getByRole('button', { name: '[1] handbook.md — Vacation' }).click();
  const passage = answer.getByRole('region', { name: 'Source 1' });
  await expect(passage).toContainText('Employees receive thirty vacation days per year.');
  await screenshot(page, 'knowledge-citation');

  // The sources are stored with the answer: still there after a reload.
  await page.reload();
  await expect(
    page
      .getByRole('article', { name: 'Assistant message' })
      .last()
      .getByRole('button', { name: '[1] handbook.md — Vacation' }),
  ).toBeVisible();
});
