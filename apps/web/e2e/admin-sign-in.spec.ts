import { expect, screenshot, signInThroughIdp, test, uniqueEmail } from './support/fixtures';

function adminCredentials() {
  const email = process.env.E2E_ADMIN_EMAIL;
  const password = process.env.E2E_ADMIN_PASSWORD;
  if (!email || !password)
    throw new Error('E2E_ADMIN_EMAIL/E2E_ADMIN_PASSWORD are not set: the stack runner seeds the admin');
  return { email, password };
}

test('an admin sees the sign-in settings, adds and removes an OIDC provider, and resets a two-factor', async ({
  page,
}) => {
  const admin = adminCredentials();
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/chat$/);

  await page.goto('/admin/sign-in');
  // The policy is shared by every test of the run: read, not changed, here (the API tests change it).
  await expect(page.getByLabel('Who must use it')).toHaveValue('off');
  const list = page.getByRole('list', { name: 'Sign-in providers' });
  await expect(list.getByRole('listitem', { name: 'Test IdP' })).toContainText('from the environment');

  const form = page.getByRole('form', { name: 'Add a provider' });
  await form.getByLabel('Id (in the callback URL)').fill('staff');
  await form.getByLabel('Button label').fill('Staff SSO');
  await form.getByLabel('Issuer URL').fill('https://sso.example.com/realms/staff');
  await form.getByLabel('Client id').fill('vivier');
  await form.getByLabel('Client secret').fill('staff-client-secret');
  await form.getByRole('button', { name: 'Add provider' }).click();
  await expect(list.getByRole('listitem', { name: 'Staff SSO' })).toContainText('no linking');

  await page.getByRole('button', { name: 'Remove Staff SSO' }).click();
  await expect(list.getByRole('listitem', { name: 'Staff SSO' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByLabel('Search users').fill(admin.email);
  // The search filters on the server (debounced): wait until only this user is left.
  await expect(page.getByRole('row')).toHaveCount(2);
  const row = page.getByRole('row', { name: admin.email });
  const confirm = row.getByRole('button', { name: `Confirm two-factor reset of ${admin.email}` });
  // The list may still be replaced by the filtered page (a new row, back to "Reset two-factor"): ask again
  // until the confirmation shows.
  await expect(async () => {
    if (!(await confirm.isVisible())) {
      await row.getByRole('button', { name: `Reset two-factor of ${admin.email}` }).click();
    }
    await expect(confirm).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await confirm.click();
  await expect(page.getByText(`${admin.email}: two-factor authentication reset`)).toBeVisible();
});

test('an admin edits an OIDC provider to map the IdP groups claim to a group; a sign-in through it joins the group', async ({
  page,
  browser,
}) => {
  const issuer = process.env.E2E_IDP_ISSUER;
  if (!issuer) throw new Error('E2E_IDP_ISSUER is not set: the global setup starts the Test IdP');
  const admin = adminCredentials();
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/chat$/);

  const groupName = `Engineering ${Date.now()}`;
  await page.goto('/admin/groups');
  await page.getByLabel('New group name').fill(groupName);
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByRole('region', { name: `Group ${groupName}` })).toBeVisible();

  await page.goto('/admin/sign-in');
  const add = page.getByRole('form', { name: 'Add a provider' });
  await add.getByLabel('Id (in the callback URL)').fill('mapped-idp');
  await add.getByLabel('Button label').fill('Mapped IdP');
  await add.getByLabel('Issuer URL').fill(issuer);
  await add.getByLabel('Client id').fill('wrong-client');
  await add.getByLabel('Client secret').fill('vivier-e2e-idp-secret');
  await add.getByRole('button', { name: 'Add provider' }).click();
  const list = page.getByRole('list', { name: 'Sign-in providers' });
  await expect(list.getByRole('listitem', { name: 'Mapped IdP' })).toBeVisible();
  // The add form is empty again for the next one.
  await expect(add.getByLabel('Button label')).toHaveValue('');

  // Edit: fix the client id, keep the secret (left empty), map the IdP's "engineering" group.
  await list.getByRole('button', { name: 'Edit Mapped IdP' }).click();
  const edit = page.getByRole('form', { name: 'Edit Mapped IdP' });
  await expect(edit.getByLabel('Button label')).toHaveValue('Mapped IdP');
  await expect(edit.getByLabel('Groups claim')).toHaveValue('groups');
  await edit.getByLabel('Client id').fill('vivier-e2e');
  await edit.getByRole('button', { name: 'Add a group mapping' }).click();
  await edit.getByLabel('Claim value 1').fill('engineering');
  await edit.getByLabel('Vivier group 1').selectOption({ label: groupName });
  await screenshot(page, 'admin-oidc-edit');
  await edit.getByRole('button', { name: 'Save provider' }).click();
  await expect(edit).toHaveCount(0);
  await expect(list.getByRole('listitem', { name: 'Mapped IdP' })).toContainText('1 group mapping');

  // Someone in the IdP's engineering group signs in through it (the stored secret still works).
  const email = uniqueEmail('engineer');
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  try {
    await signInThroughIdp(await context.newPage(), 'Sign in with Mapped IdP', email);
  } finally {
    await context.close();
  }

  await page.goto('/admin/groups');
  await expect(
    page
      .getByRole('region', { name: `Group ${groupName}` })
      .getByRole('listitem')
      .filter({ hasText: email }),
  ).toBeVisible();

  await page.goto('/admin/sign-in');
  await page.getByRole('button', { name: 'Remove Mapped IdP' }).click();
  await expect(list.getByRole('listitem', { name: 'Mapped IdP' })).toHaveCount(0);
});
