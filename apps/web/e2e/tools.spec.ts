import type { Page } from '@playwright/test';
import {
  answers,
  expect,
  screenshot,
  send,
  signInAsAdmin,
  signUp,
  test,
  waitForAnswer,
} from './support/fixtures';

/** Starts a chat (the settings belong to a chat) and turns on the given tools in its settings. */
async function chatWithTools(page: Page, tools: string[], options: { askFirst?: boolean } = {}) {
  await send(page, 'Hello there');
  await waitForAnswer(page);
  await page.getByRole('button', { name: 'Chat settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Chat settings' });
  for (const tool of tools) await dialog.getByRole('checkbox', { name: tool }).check();
  if (options.askFirst) await dialog.getByRole('checkbox', { name: 'Ask me before a tool runs' }).check();
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();
}

test('the Offline demo model calls a tool of the demo MCP server: the call and its result show in the answer', async ({
  page,
}) => {
  await signUp(page, 'tools');
  await chatWithTools(page, ['Demo tools (Offline demo)']);
  await send(page, 'What is the weather in Paris? [[tool:get_weather {"city":"Paris"}]]');
  const answer = await waitForAnswer(page);
  await expect(answer.locator('.markdown')).toContainText(
    'The tool get_weather answered: Sunny and 21 °C in Paris',
  );

  const call = answer.getByRole('list', { name: 'Tool calls' }).getByRole('listitem');
  await expect(call).toHaveCount(1);
  await expect(call.getByText('Used tool get_weather')).toBeVisible();
  // Collapsed until opened: then the arguments and the result.
  await expect(call.getByText('Sunny and 21 °C in Paris (demo data).')).toBeHidden();
  await call.getByText('Used tool get_weather').click();
  await expect(call.getByText('"city": "Paris"')).toBeVisible();
  await expect(call.getByText('Sunny and 21 °C in Paris (demo data).')).toBeVisible();
  await screenshot(page, 'tool-call-result');

  // After a reload the call is read back from the stored message.
  await page.reload();
  await expect(answers(page).last().getByText('Used tool get_weather')).toBeVisible();
});

test('with confirmation on, the pending call waits for Allow or Deny', async ({ page }) => {
  await signUp(page, 'tools-confirm');
  await chatWithTools(page, ['Demo tools (Offline demo)'], { askFirst: true });

  await send(page, 'Add them [[tool:add {"a":2,"b":3}]]');
  const pending = answers(page).last().getByRole('group', { name: 'Run add?' });
  await expect(pending).toBeVisible();
  await expect(answers(page).last().getByText('add wants to run')).toBeVisible();
  await screenshot(page, 'tool-call-confirmation');
  await pending.getByRole('button', { name: 'Allow' }).click();
  const allowed = await waitForAnswer(page);
  await expect(allowed.locator('.markdown')).toContainText('The tool add answered: 5');
  await expect(allowed.getByText('Used tool add')).toBeVisible();

  await send(page, 'Add again [[tool:add {"a":4,"b":4}]]');
  await answers(page)
    .last()
    .getByRole('group', { name: 'Run add?' })
    .getByRole('button', { name: 'Deny' })
    .click();
  const denied = await waitForAnswer(page);
  await expect(denied.getByText('Tool add failed')).toBeVisible();
  await expect(denied.locator('.markdown')).toContainText('The user declined to run this tool.');
});

test('web search: the admin sets the search URL, the answer cites the pages it read', async ({ page }) => {
  const searchUrl = process.env.E2E_SEARCH_URL;
  if (!searchUrl) throw new Error('E2E_SEARCH_URL is not set: the stack runner starts the search stand-in');
  await signInAsAdmin(page);
  await page.goto('/admin/tools');
  const form = page.getByRole('form', { name: 'Web search' });
  await form.getByLabel(/SearXNG-compatible search URL/).fill(searchUrl);
  await form.getByRole('button', { name: 'Save search URL' }).click();
  await expect(page.getByText('Web search is on')).toBeVisible();
  await screenshot(page, 'admin-tools');

  await page.goto('/chat');
  await chatWithTools(page, ['Web search']);
  await send(page, 'Tell me about lanterns [[tool:web_search {"query":"lanterns"}]]');
  const answer = await waitForAnswer(page);
  const sources = answer.getByRole('list', { name: 'Sources' });
  await expect(sources.getByRole('listitem')).toHaveCount(3);
  await expect(sources.getByRole('link', { name: 'Result 1 about lanterns' })).toHaveAttribute(
    'href',
    /\/pages\/1\?q=lanterns$/,
  );
  await expect(answer.locator('.markdown')).toContainText('[1] Result 1 about lanterns');
  await screenshot(page, 'web-search-citations');

  // Off again for the other specs.
  await page.goto('/admin/tools');
  await page
    .getByRole('form', { name: 'Web search' })
    .getByLabel(/SearXNG-compatible search URL/)
    .fill('');
  await page.getByRole('button', { name: 'Save search URL' }).click();
  await expect(page.getByText('Web search is off')).toBeVisible();
});
