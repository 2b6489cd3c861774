import {
  answerText,
  expect,
  questions,
  screenshots,
  signInAsAdmin,
  signUp,
  test,
  waitForAnswer,
} from './support/fixtures';

test('a user saves a preset and starts a chat from it, then inserts a library prompt with / and a variable', async ({
  page,
}) => {
  await signUp(page, 'presets');
  await page.getByRole('link', { name: 'Presets & prompts' }).click();
  await expect(page).toHaveURL(/\/settings\/presets$/);
  await expect(page.getByText('No presets yet')).toBeVisible();

  const newPreset = page.getByRole('form', { name: 'New preset' });
  await newPreset.getByLabel('Preset name').fill('Lighthouse');
  await newPreset.getByLabel('System prompt').fill('You are a terse lighthouse keeper.');
  await newPreset.getByLabel('Temperature').fill('0.3');
  await newPreset.getByLabel('Max tokens').fill('321');
  const model = await newPreset.getByLabel('Model', { exact: true }).inputValue();
  await newPreset.getByRole('button', { name: 'Save preset' }).click();
  const preset = page.getByRole('list', { name: 'Presets' }).getByRole('listitem', { name: 'Lighthouse' });
  await expect(preset).toContainText('You are a terse lighthouse keeper.');

  const newPrompt = page.getByRole('form', { name: 'New prompt' });
  await newPrompt.getByLabel('Title').fill('Translate');
  await newPrompt.getByLabel('Command').fill('translate');
  await newPrompt.getByLabel('Content').fill('[[echo]] Translate into {{language}}: good morning');
  await expect(newPrompt.getByText('Asks for: language')).toBeVisible();
  await newPrompt.getByRole('button', { name: 'Save prompt' }).click();
  await expect(
    page.getByRole('list', { name: 'Prompts' }).getByRole('listitem', { name: 'Translate' }),
  ).toContainText('/translate');
  await screenshots(page, 'presets-and-prompts');

  // The chat starts with the preset's model and settings.
  await preset.getByRole('button', { name: 'Start chat' }).click();
  await expect(page).toHaveURL(/\/chat\/cht_[0-9a-z]{20}$/);
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue(model);
  await expect(
    page.getByRole('navigation', { name: 'Chats' }).getByRole('link', { name: 'Lighthouse' }),
  ).toBeVisible();
  const box = page.getByLabel('Message', { exact: true });

  // `/` opens the library; Escape closes it and leaves the text alone.
  await box.fill('/');
  const list = page.getByRole('listbox', { name: 'Prompts' });
  await expect(list.getByRole('option', { name: '/translate Translate' })).toBeVisible();
  await box.press('Escape');
  await expect(list).toBeHidden();
  await expect(box).toHaveValue('/');

  // Typing filters; Enter picks the highlighted prompt and asks for its variable.
  await box.fill('/tra');
  await expect(list.getByRole('option', { name: '/translate Translate' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await box.press('Enter');
  const variables = page.getByRole('group', { name: 'Fill in Translate' });
  await variables.getByLabel('language').fill('French');
  await screenshots(page, 'prompt-variables');
  await variables.getByLabel('language').press('Enter');
  await expect(variables).toBeHidden();
  await expect(box).toHaveValue('[[echo]] Translate into French: good morning');
  await expect(questions(page)).toHaveCount(0);

  await box.press('Enter');
  const echoed = await answerText(await waitForAnswer(page));
  expect(echoed).toContain('You are a terse lighthouse keeper.');
  expect(echoed).toContain('"temperature":0.3');
  expect(echoed).toContain('"maxTokens":321');
  expect(echoed).toContain('Translate into French: good morning');
});

test('an admin publishes presets to everyone and to a group; a user outside the group sees only the first, read-only', async ({
  page,
  browser,
}) => {
  const suffix = Date.now().toString(36);
  await signInAsAdmin(page);
  await page.goto('/admin/groups');
  await page.getByLabel('New group name').fill(`Editors ${suffix}`);
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByRole('region', { name: `Group Editors ${suffix}` })).toBeVisible();

  await page.goto('/admin/presets');
  const form = page.getByRole('form', { name: 'New preset' });
  for (const [name, group] of [
    [`House style ${suffix}`, null],
    [`Editors only ${suffix}`, `Editors ${suffix}`],
  ] as const) {
    await form.getByLabel('Preset name').fill(name);
    await form.getByLabel('System prompt').fill(`${name} prompt`);
    if (group) await form.getByLabel(group).check();
    await form.getByRole('button', { name: 'Publish preset' }).click();
    await expect(
      page.getByRole('list', { name: 'Published presets' }).getByRole('listitem', { name }),
    ).toContainText(group ?? 'Everyone');
  }
  await screenshots(page, 'admin-published-presets');

  const userContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const userPage = await userContext.newPage();
  await signUp(userPage, 'preset-reader');
  await userPage.goto('/settings/presets');
  const presets = userPage.getByRole('list', { name: 'Presets' });
  const house = presets.getByRole('listitem', { name: `House style ${suffix}` });
  await expect(house).toContainText('Shared');
  await expect(house.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await expect(presets.getByRole('listitem', { name: `Editors only ${suffix}` })).toHaveCount(0);
  await house.getByRole('button', { name: 'Start chat' }).click();
  await expect(userPage).toHaveURL(/\/chat\/cht_[0-9a-z]{20}$/);
  await userContext.close();
});
