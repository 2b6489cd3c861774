import {
  answers,
  expect,
  questions,
  screenshot,
  send,
  signUp,
  test,
  waitForAnswer,
} from './support/fixtures';
import { addUsage, closeDatabase, fakeLlmRequests } from './support/database';

test.afterAll(closeDatabase);

test('a user over quota sees the quota message with the reset date; no answer starts and the model is never asked', async ({
  page,
}) => {
  const { email } = await signUp(page, 'over-quota');
  // Within the allowance a message is answered, and the fake LLM sees it (so the check below can fail).
  const allowed = `allowed-${Date.now()}`;
  await send(page, `Hello ${allowed}`);
  await waitForAnswer(page);
  expect((await fakeLlmRequests()).some((request) => request.lastUserText?.includes(allowed))).toBe(true);

  // $6 spent this period on the Free plan's $5 allowance.
  await addUsage(email, { costMicros: 6_000_000 });
  const refused = `refused-${Date.now()}`;
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(`Hello ${refused}`);
  await box.press('Enter');

  const notice = page.getByRole('alert').filter({ hasText: 'You have used $6.00 of $5.00.' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('Your usage allowance for this period is used up.');
  await expect(notice).toContainText(/Your quota resets on [A-Z][a-z]+ \d{1,2}, \d{4}\./);
  await screenshot(page, 'chat-over-quota');
  // The typed text stays, nothing new appears in the conversation and no answer is being written.
  await expect(box).toHaveValue(`Hello ${refused}`);
  await expect(questions(page)).toHaveCount(1);
  await expect(answers(page)).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Send message' })).toBeVisible();
  await page.waitForTimeout(1000);
  expect((await fakeLlmRequests()).filter((request) => request.lastUserText?.includes(refused))).toEqual([]);

  // The notice leads to the billing page, whose meter is full.
  await notice.getByRole('link', { name: 'See plans and usage' }).click();
  await expect(page).toHaveURL(/\/billing$/);
  const meter = page.getByRole('meter', { name: 'Usage this period' });
  await expect(meter).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByText('Your allowance is used up')).toBeVisible();
});

test('the billing page shows the plan, the usage meter and usage by model; Upgrade opens Checkout, then Manage opens the portal', async ({
  page,
}) => {
  const { email } = await signUp(page, 'billing');
  await addUsage(email, { costMicros: 1_250_000, model: 'gpt-4o', inputTokens: 3000, outputTokens: 1000 });

  await page.getByRole('link', { name: 'Plan and usage' }).click();
  await expect(page).toHaveURL(/\/billing$/);
  const current = page.getByRole('region', { name: 'Current plan' });
  await expect(current).toContainText('Free');
  await expect(current).toContainText('$0/month');
  await expect(current.getByText('$1.25')).toBeVisible();
  await expect(current).toContainText('used of $5.00');
  await expect(page.getByRole('meter', { name: 'Usage this period' })).toHaveAttribute('aria-valuenow', '25');
  await expect(current).toContainText(/Resets on [A-Z][a-z]+ \d{1,2}, \d{4}/);
  const byModel = page.getByRole('table', { name: 'Usage by model' });
  await expect(byModel.getByRole('row', { name: /gpt-4o 4,000 \$1\.25/ })).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'Free plan' })).toContainText('Current plan');
  await expect(page.getByRole('button', { name: 'Manage subscription' })).toHaveCount(0);
  // At phone width in the dark theme the page still reads: nothing overflows sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveClass(/dark/);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, 'billing-phone-dark');
  await page.setViewportSize({ width: 1280, height: 720 });

  // Upgrade: the browser goes to Stripe Checkout (the testkit's stub in this stack).
  await page.getByRole('button', { name: 'Upgrade to Pro' }).click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await expect(page.getByRole('heading', { name: 'Stripe Checkout (stub)' })).toBeVisible();

  // Back without paying: there is now a Stripe customer, so the portal is offered.
  await page.goto('/billing?checkout=cancelled');
  await expect(page.getByText('Checkout was cancelled. Nothing was charged.')).toBeVisible();
  await page.getByRole('button', { name: 'Manage subscription' }).click();
  await expect(page).toHaveURL(/\/p\/session\//);
  await expect(page.getByRole('heading', { name: 'Customer Portal (stub)' })).toBeVisible();
});
