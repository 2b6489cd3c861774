import { fakeReply } from '@vivier/testkit';
import {
  answerText,
  answers,
  expect,
  screenshot,
  send,
  signUp,
  test,
  waitForAnswer,
} from './support/fixtures';

test('reloading mid-stream: the answer continues where the stream is, nothing lost or doubled', async ({
  page,
}) => {
  await signUp(page, 'reload-stream');
  const prompt = 'Explain the tides slowly. [[words:300]] [[delay:40]]';
  await send(page, prompt);
  await expect(page).toHaveURL(/\/chat\/cht_/);
  await expect(answers(page).first().locator('.markdown')).toContainText(/\w+ \w+ \w+/);
  const beforeReload = await answerText(answers(page).first());

  await page.reload();
  await expect(page.getByRole('button', { name: 'Stop generating' })).toBeVisible();
  const answer = answers(page).first();
  // After the reload the text is replayed from the first frame and keeps growing.
  await expect(answer.locator('.markdown')).toContainText(beforeReload.slice(0, 40));
  await waitForAnswer(page);
  expect(await answerText(answer)).toBe(fakeReply(prompt));
});

test('a dropped WebSocket reconnects and resumes after the last frame: nothing lost or doubled', async ({
  page,
}) => {
  let connections = 0;
  // Cut the first connection after a few frames; later ones pass through untouched.
  await page.routeWebSocket('**/api/ws', (ws) => {
    connections++;
    const isFirst = connections === 1;
    const server = ws.connectToServer();
    let deltas = 0;
    server.onMessage((message) => {
      ws.send(message);
      if (isFirst && typeof message === 'string' && message.includes('"type":"delta"') && ++deltas === 5) {
        void ws.close({ code: 4000, reason: 'test drop' });
        void server.close();
      }
    });
  });
  await signUp(page, 'reconnect');
  const prompt = 'Tell me about ferries. [[words:150]] [[delay:20]]';
  await send(page, prompt);
  const answer = await waitForAnswer(page);
  expect(connections).toBeGreaterThanOrEqual(2);
  expect(await answerText(answer)).toBe(fakeReply(prompt));
});

test('model output with HTML, script and javascript: links renders inert', async ({ page }) => {
  await signUp(page, 'xss');
  const payload =
    '[[echo]] <img src=x onerror=alert(1)> <script>alert(2)</script> [click me](javascript:alert(3)) <a href="javascript:alert(4)">raw link</a>';
  await send(page, payload);
  const answer = await waitForAnswer(page);
  // The markup is shown as text…
  await expect(answer).toContainText('<img src=x onerror=alert(1)>');
  await expect(answer).toContainText('<script>alert(2)</script>');
  // …and never becomes elements or live links.
  await expect(answer.locator('img')).toHaveCount(0);
  await expect(answer.locator('script')).toHaveCount(0);
  await expect(answer.locator('a[href^="javascript" i]')).toHaveCount(0);
  await expect(answer.locator('[onerror], [onclick]')).toHaveCount(0);
  const link = answer.getByText('click me', { exact: true });
  await expect(link).toBeVisible();
  await link.click();
  await screenshot(page, '08-inert-html');
  // The auto `failOnDialog` fixture fails the test if any alert() ran.
});

test('the page is served with a nonce-based Content-Security-Policy', async ({ page }) => {
  const response = await page.goto('/login');
  const policy = response?.headers()['content-security-policy'] ?? '';
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(policy).not.toContain("unsafe-inline' 'strict");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("frame-ancestors 'none'");
  // Markup injected into the page cannot run inline handlers: they carry no nonce.
  // Once the image's error event has been dispatched, an inline handler that CSP let through has
  // run (attribute handlers come before listeners added afterwards).
  const ran = await page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const holder = document.createElement('div');
        holder.innerHTML = '<img src="data:," onerror="window.__injected = true">';
        holder.querySelector('img')?.addEventListener('error', () => {
          resolve((window as unknown as { __injected?: boolean }).__injected === true);
        });
        document.body.append(holder);
      }),
  );
  expect(ran).toBe(false);
});
