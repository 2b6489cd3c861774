import type { Locator, Page } from '@playwright/test';
import { closeDatabase, seedChat } from './support/database';
import {
  expect,
  PHONE_VIEWPORT,
  screenshot,
  screenshots,
  send,
  signUp,
  test,
  waitForAnswer,
} from './support/fixtures';

test.afterAll(closeDatabase);

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Chats' });
const folderNamed = (page: Page, name: string) =>
  sidebar(page).getByRole('listitem', { name: `Folder ${name}` });
/** A chat's link in the sidebar; its name starts with the title (tags and a snippet follow). */
const chatLink = (page: Page, title: string) =>
  sidebar(page).getByRole('link', { name: new RegExp(`^${title}`) });

/** A chat with one short exchange, named by its first message (the offline model titles chats). */
async function startChat(page: Page, title: string) {
  await page.goto('/chat');
  await send(page, `${title} [[words:3]]`);
  await waitForAnswer(page);
  await expect(page).toHaveURL(/\/chat\/cht_/);
  const id = page.url().split('/chat/')[1]!;
  await sidebar(page)
    .getByRole('button', { name: /^Actions for / })
    .first()
    .waitFor();
  return id;
}

async function renameChat(page: Page, chatId: string, title: string) {
  const row = sidebar(page).locator(`li:has(a[href^="/chat/${chatId}"])`).first();
  await row.getByRole('button', { name: /^Actions for / }).click();
  await page.getByRole('menuitem', { name: 'Rename' }).click();
  const input = sidebar(page).getByLabel('Chat title');
  await input.fill(title);
  await input.press('Enter');
  await expect(chatLink(page, title)).toBeVisible();
}

async function folderMenu(page: Page, name: string, item: string) {
  await folderNamed(page, name)
    .getByRole('button', { name: `Actions for folder ${name}` })
    .click();
  await page.getByRole('menuitem', { name: item }).click();
}

async function createFolder(page: Page, name: string) {
  await sidebar(page).getByRole('button', { name: 'New folder' }).click();
  await sidebar(page).getByLabel('New folder name').fill(name);
  await sidebar(page).getByLabel('New folder name').press('Enter');
  await expect(folderNamed(page, name)).toBeVisible();
}

/** At phone width the sidebar opens over the chat with the same sections: a screenshot of it. */
async function screenshotSidebarAtPhoneWidth(page: Page, name: string, visible: Locator) {
  const desktop = page.viewportSize();
  await page.setViewportSize(PHONE_VIEWPORT);
  await page.getByRole('button', { name: 'Open sidebar' }).click();
  // Once it has slid in all the way.
  await expect(sidebar(page).getByRole('searchbox', { name: 'Search chats' })).toBeInViewport({ ratio: 1 });
  await expect(visible).toBeInViewport();
  await screenshot(page, name);
  if (desktop) await page.setViewportSize(desktop);
}

async function chatMenu(page: Page, title: string, item: string) {
  await sidebar(page)
    .getByRole('button', { name: `Actions for ${title}`, exact: true })
    .first()
    .click();
  await page.getByRole('menuitem', { name: item }).click();
}

test('folders: create one, file chats by menu and by drag, collapse it (remembered), delete it keeping its chats', async ({
  page,
}) => {
  await signUp(page, 'folders');
  await renameChat(page, await startChat(page, 'Harbour notes'), 'Harbour notes');
  await renameChat(page, await startChat(page, 'Tide tables'), 'Tide tables');

  await sidebar(page).getByRole('button', { name: 'New folder' }).click();
  await sidebar(page).getByLabel('New folder name').fill('Sailing');
  await sidebar(page).getByLabel('New folder name').press('Enter');
  const folder = folderNamed(page, 'Sailing');
  await expect(folder.getByText('Empty.')).toBeVisible();

  // By the menu (the keyboard's way).
  await chatMenu(page, 'Harbour notes', 'Move to folder…');
  const dialog = page.getByRole('dialog', { name: 'Move to folder' });
  await dialog.getByRole('button', { name: 'Sailing' }).click();
  await expect(folder.getByRole('link', { name: 'Harbour notes' })).toBeVisible();
  await expect(
    sidebar(page).getByRole('region', { name: 'Chats in no folder' }).getByText('Harbour notes'),
  ).toHaveCount(0);

  // By dragging it onto the folder.
  await chatLink(page, 'Tide tables').dragTo(folder.getByTestId('folder-drop-target'));
  await expect(folder.getByRole('link', { name: 'Tide tables' })).toBeVisible();
  await screenshot(page, 'organise-folders');
  await screenshotSidebarAtPhoneWidth(page, 'organise-folders-phone', folder);

  // A subfolder, one level down.
  await folder.getByRole('button', { name: 'Actions for folder Sailing' }).click();
  await page.getByRole('menuitem', { name: 'New subfolder' }).click();
  await sidebar(page).getByLabel('New subfolder name').fill('Races');
  await sidebar(page).getByLabel('New subfolder name').press('Enter');
  await expect(folderNamed(page, 'Races')).toBeVisible();

  // Collapsed, and still collapsed after a reload.
  await folder.getByRole('button', { name: 'Sailing', exact: true }).click();
  await expect(folder.getByRole('button', { name: 'Sailing', exact: true })).toHaveAttribute(
    'aria-expanded',
    'false',
  );
  await expect(chatLink(page, 'Tide tables')).toHaveCount(0);
  await page.reload();
  await expect(
    folderNamed(page, 'Sailing').getByRole('button', { name: 'Sailing', exact: true }),
  ).toHaveAttribute('aria-expanded', 'false');
  await expect(chatLink(page, 'Tide tables')).toHaveCount(0);

  // Deleting says what becomes of the chats; keeping them moves them out.
  await folderNamed(page, 'Sailing').getByRole('button', { name: 'Actions for folder Sailing' }).click();
  await page.getByRole('menuitem', { name: 'Delete folder…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete folder “Sailing”?' });
  await expect(confirm).toContainText('move out to your chat list');
  await confirm.getByRole('button', { name: 'Delete folder, keep chats' }).click();
  await expect(folderNamed(page, 'Sailing')).toHaveCount(0);
  const unfiled = sidebar(page).getByRole('region', { name: 'Chats in no folder' });
  await expect(unfiled.getByRole('link', { name: 'Harbour notes' })).toBeVisible();
  await expect(unfiled.getByRole('link', { name: 'Tide tables' })).toBeVisible();
});

test('folders nest one level from the keyboard: "Move into…" a folder and back out; a second level is refused with a reason', async ({
  page,
}) => {
  await signUp(page, 'nesting');
  for (const name of ['Work', 'Clients', 'Archive box']) await createFolder(page, name);

  await folderMenu(page, 'Clients', 'Move into…');
  const moveClients = page.getByRole('dialog', { name: 'Move folder “Clients”' });
  const destinations = (dialog: Locator) =>
    dialog.getByRole('list', { name: 'Where it can go' }).getByRole('button');
  // Itself is not a destination; the top level is where it is now.
  await expect(destinations(moveClients)).toHaveText(['Top level (in no folder)', 'Archive box', 'Work']);
  await expect(moveClients.getByRole('button', { name: 'Top level (in no folder)' })).toHaveAttribute(
    'aria-current',
    'true',
  );
  await moveClients.getByRole('button', { name: 'Work' }).click();
  await expect(moveClients).toBeHidden();
  const workSubfolders = folderNamed(page, 'Work').getByRole('list', { name: 'Subfolders of Work' });
  await expect(workSubfolders.getByRole('listitem', { name: 'Folder Clients' })).toBeVisible();

  // A subfolder is no destination: that would be a second level.
  await folderMenu(page, 'Archive box', 'Move into…');
  const moveArchive = page.getByRole('dialog', { name: 'Move folder “Archive box”' });
  await expect(destinations(moveArchive)).toHaveText(['Top level (in no folder)', 'Work']);
  await page.keyboard.press('Escape');
  await expect(moveArchive).toBeHidden();

  // A folder with subfolders cannot go inside another, and is told why.
  await folderMenu(page, 'Work', 'Move into…');
  const moveWork = page.getByRole('dialog', { name: 'Move folder “Work”' });
  await expect(moveWork.getByRole('note')).toHaveText(
    '“Work” has subfolders of its own, and folders nest only one level: move its subfolders out first.',
  );
  await expect(moveWork.getByRole('button', { name: 'Archive box' })).toHaveCount(0);
  await screenshots(page, 'organise-folder-second-level-refused');
  await page.keyboard.press('Escape');

  await screenshotSidebarAtPhoneWidth(page, 'organise-nested-folders-phone', workSubfolders);
  await page.reload();
  await expect(workSubfolders.getByRole('listitem', { name: 'Folder Clients' })).toBeVisible();
  await screenshot(page, 'organise-nested-folders');

  // And back out to the top level.
  await folderMenu(page, 'Clients', 'Move into…');
  await moveClients.getByRole('button', { name: 'Top level (in no folder)' }).click();
  await expect(workSubfolders).toHaveCount(0);
  await expect(folderNamed(page, 'Clients')).toBeVisible();
});

test('pinned chats sit at the top; tags show on the chat and filter the list', async ({ page }) => {
  await signUp(page, 'pins');
  await renameChat(page, await startChat(page, 'Recipes'), 'Recipes');
  await renameChat(page, await startChat(page, 'Budget'), 'Budget');
  await renameChat(page, await startChat(page, 'Holiday'), 'Holiday');

  await chatMenu(page, 'Recipes', 'Pin');
  const pinned = sidebar(page).getByRole('region', { name: 'Pinned' });
  await expect(pinned.getByRole('link', { name: 'Recipes' })).toBeVisible();
  // Above the folders and the other chats.
  const pinnedBox = (await pinned.boundingBox())!;
  const folderBox = (await sidebar(page).getByRole('region', { name: 'Folders' }).boundingBox())!;
  expect(pinnedBox.y).toBeLessThan(folderBox.y);

  await chatMenu(page, 'Budget', 'Edit tags…');
  const tags = page.getByRole('dialog', { name: 'Edit tags' });
  await tags.getByLabel('Tags').fill('Money, #Home');
  await tags.getByRole('button', { name: 'Save tags' }).click();
  await expect(tags).toBeHidden();
  await expect(chatLink(page, 'Budget')).toContainText('#money');
  await expect(chatLink(page, 'Budget')).toContainText('#home');
  await chatMenu(page, 'Holiday', 'Edit tags…');
  await tags.getByLabel('Tags').fill('home');
  await tags.getByRole('button', { name: 'Save tags' }).click();
  await expect(chatLink(page, 'Holiday')).toContainText('#home');
  await screenshot(page, 'organise-pins-tags');
  await screenshotSidebarAtPhoneWidth(
    page,
    'organise-pins-tags-phone',
    sidebar(page).getByRole('region', { name: 'Pinned' }),
  );

  await sidebar(page).getByLabel('Filter by tag').selectOption('home');
  const filtered = sidebar(page).getByRole('region', { name: 'Today' }).getByRole('link');
  await expect(filtered).toHaveText([/^Holiday/, /^Budget/]);
  await sidebar(page).getByLabel('Filter by tag').selectOption('money');
  await expect(filtered).toHaveText([/^Budget/]);
  await sidebar(page).getByLabel('Filter by tag').selectOption('');
  await expect(chatLink(page, 'Recipes')).toHaveCount(1);

  await chatMenu(page, 'Recipes', 'Unpin');
  await expect(sidebar(page).getByRole('region', { name: 'Pinned' })).toHaveCount(0);
});

test('a temporary chat says it is not saved, stays out of the list, and is gone once left', async ({
  page,
}) => {
  await signUp(page, 'temporary');
  await page.getByRole('button', { name: 'Temporary chat' }).click();
  await expect(page.getByRole('button', { name: 'Temporary chat' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('note').filter({ hasText: 'Temporary chat.' })).toBeVisible();
  await send(page, 'A passing thought about comets [[words:3]]');
  await waitForAnswer(page);
  await expect(page).toHaveURL(/\/chat\/cht_/);
  const url = page.url();
  await expect(page.getByRole('note').filter({ hasText: 'Not saved' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Share chat' })).toHaveCount(0);
  await screenshots(page, 'organise-temporary');
  await expect(sidebar(page).getByText('No chats yet. Start one!')).toBeVisible();

  // Leaving it (a new chat) deletes it: coming back finds nothing.
  await sidebar(page).getByRole('link', { name: 'New chat' }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.getByRole('button', { name: 'Temporary chat' })).toHaveAttribute('aria-pressed', 'false');
  await expect(async () => {
    await page.goto(url);
    await expect(page.getByRole('alert').filter({ hasText: 'This chat could not be loaded' })).toBeVisible({
      timeout: 2_000,
    });
  }).toPass();
});

test('search shows the matching message and opens the chat at it, on its branch, highlighted', async ({
  page,
}) => {
  const { email } = await signUp(page, 'jump');
  const filler = (index: number) =>
    `Paragraph ${index} about the weather. ${'It was calm and grey over the water all day long. '.repeat(12)}`;
  // Two branches after the first answer: the older one holds the word and runs on for a long
  // while (so the match is far above the end, where a chat opens); the newer, short one is shown
  // by default.
  const { chatId, messageIds } = await seedChat(email, {
    title: 'Long voyage log',
    messages: [
      { role: 'user', content: 'Start the log.', parent: null },
      { role: 'assistant', content: 'Log started.', parent: 0 },
      { role: 'user', content: 'We anchored off Zanzibar at dawn and traded spices.', parent: 1 },
      { role: 'user', content: 'We sailed on without stopping.', parent: 1 },
      ...Array.from({ length: 24 }, (_, index) => ({
        role: index % 2 === 0 ? ('assistant' as const) : ('user' as const),
        content: filler(index),
        parent: index === 0 ? 2 : 3 + index,
      })),
    ],
  });
  await page.reload();

  await sidebar(page).getByLabel('Search chats').fill('zanzib');
  const hit = chatLink(page, 'Long voyage log');
  await expect(hit.getByTestId('search-snippet')).toContainText('anchored off Zanzibar at dawn');
  await screenshot(page, 'organise-search-snippet');
  await hit.click();

  await expect(page).toHaveURL(new RegExp(`/chat/${chatId}\\?m=${messageIds[2]}$`));
  const target = page.locator(`[data-message-id="${messageIds[2]}"]`);
  await expect(target).toContainText('anchored off Zanzibar');
  await expect(target).toHaveAttribute('data-jump-target', '');
  await expect(target).toBeInViewport();
  // The other branch's message is not shown: the branch was switched.
  await expect(page.getByText('We sailed on without stopping.')).toHaveCount(0);
  await expect(page.getByText('Paragraph 23 about the weather.')).not.toBeInViewport();
  await screenshots(page, 'organise-search-jump');
});
