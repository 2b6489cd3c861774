import {
  answerText,
  expect,
  screenshot,
  send,
  signInAsAdmin,
  signUp,
  test,
  waitForAnswer,
} from './support/fixtures';

const POLICY = `# Parking

Visitors park in the north garage and collect a ticket at reception.
`;

test('an admin shares a user’s knowledge base with a group; a member picks it and gets a cited answer', async ({
  page,
  browser,
}) => {
  const suffix = Date.now().toString(36);
  const baseName = `Office policy ${suffix}`;
  const groupName = `Reception ${suffix}`;

  // The owner makes the base and indexes a document.
  const ownerContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const owner = await ownerContext.newPage();
  await signUp(owner, 'kb-owner');
  await owner.goto('/knowledge');
  await owner.getByLabel('New knowledge base name').fill(baseName);
  await owner.getByRole('button', { name: 'Create' }).click();
  const region = owner.getByRole('region', { name: baseName });
  await region
    .getByLabel(/Add documents/)
    .setInputFiles([{ name: 'parking.md', mimeType: 'text/markdown', buffer: Buffer.from(POLICY) }]);
  await expect(
    owner.getByRole('list', { name: 'Documents' }).getByRole('listitem', { name: 'parking.md' }),
  ).toContainText('Ready · 1 passage');

  // The member, in a browser of their own, does not see it yet.
  const memberContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const member = await memberContext.newPage();
  const { email: memberEmail } = await signUp(member, 'kb-member');
  await member.goto('/knowledge');
  await expect(member.getByText(/No knowledge bases yet/)).toBeVisible();

  // The admin puts the member in a group and shares the base with it.
  await signInAsAdmin(page);
  await page.goto('/admin/groups');
  await page.getByLabel('New group name').fill(groupName);
  await page.getByRole('button', { name: 'Create group' }).click();
  const group = page.getByRole('region', { name: `Group ${groupName}` });
  await group.getByLabel(`Find people to add to ${groupName}`).fill(memberEmail);
  await group.getByRole('button', { name: `Add ${memberEmail} to ${groupName}` }).click();
  await expect(group.getByRole('listitem').filter({ hasText: memberEmail })).toBeVisible();

  await page.getByRole('link', { name: 'Knowledge' }).click();
  await expect(page).toHaveURL(/\/admin\/knowledge$/);
  await page.getByLabel('Filter by name or owner id').fill(baseName);
  const entry = page.getByRole('listitem', { name: baseName });
  const save = entry.getByRole('button', { name: `Save sharing of ${baseName}` });
  await expect(save).toBeDisabled();
  await entry.getByLabel(`Share ${baseName} with ${groupName}`).check();
  await save.click();
  await expect(page.getByText(`“${baseName}” shared with 1 group`)).toBeVisible();
  // Saved on the server: still ticked after a reload.
  await page.reload();
  await page.getByLabel('Filter by name or owner id').fill(baseName);
  await expect(
    page.getByRole('listitem', { name: baseName }).getByLabel(`Share ${baseName} with ${groupName}`),
  ).toBeChecked();
  await screenshot(page, 'admin-knowledge-sharing');

  // The member finds it in their chat's knowledge picker and gets an answer citing it.
  await member.goto('/chat');
  await member.getByRole('button', { name: 'Chat settings' }).click();
  const dialog = member.getByRole('dialog', { name: 'Chat settings' });
  await dialog.getByLabel(baseName).check();
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();
  await send(member, 'Where do visitors leave their car?');
  const answer = await waitForAnswer(member);
  expect(await answerText(answer)).toContain(
    'Visitors park in the north garage and collect a ticket at reception. [1]',
  );
  await expect(answer.getByRole('region', { name: 'Sources' })).toContainText('parking.md');

  await ownerContext.close();
  await memberContext.close();
});
