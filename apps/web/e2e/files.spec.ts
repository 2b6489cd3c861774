import { crc32, deflateSync } from 'node:zlib';
import type { Locator, Page } from '@playwright/test';
import { minimalPdf } from '@vivier/testkit';
import { answers, expect, questions, screenshot, signUp, test, waitForAnswer } from './support/fixtures';

/** A real PNG (RGB, a colour gradient) so the thumbnail has something to show. */
function gradientPng(size: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < size; x++) rows.push((x * 255) / size, (y * 255) / size, 160);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The start of an x86-64 ELF executable: plainly not an image and not text. */
const ELF_BINARY = Buffer.concat([
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]),
  Buffer.alloc(8),
  Buffer.from([0x02, 0x00, 0x3e, 0x00, 0x01, 0x00, 0x00, 0x00]),
  Buffer.from([0x00, 0xff, 0xfe, 0x00, 0x10, 0x80, 0x00, 0x00]),
]);

interface RecordedRequest {
  path: string;
  lastUserText: string | null;
  body: { messages?: Array<{ role: string; content: unknown }> } | null;
}

/** What reached the fake LLM, as the stack runner serves it. */
async function fakeRequests(): Promise<RecordedRequest[]> {
  const url = process.env.E2E_FAKE_REQUESTS_URL;
  if (!url) throw new Error('E2E_FAKE_REQUESTS_URL is not set: run through playwright.config.ts');
  return (await (await fetch(url)).json()) as RecordedRequest[];
}

/** OpenAI's image part, classified as the fake does (`openai:image_url:data` for an inline data URL). */
function imagesOf(message: {
  content: unknown;
}): Array<{ format: string; mimeType: string | null; bytes: Buffer | null }> {
  if (!Array.isArray(message.content)) return [];
  return (message.content as Array<{ type?: string; image_url?: { url?: string } }>)
    .filter((part) => part.type === 'image_url')
    .map((part) => {
      const data = /^data:([^;,]+);base64,(.*)$/s.exec(part.image_url?.url ?? '');
      return {
        format: data ? 'openai:image_url:data' : 'openai:image_url',
        mimeType: data?.[1] ?? null,
        bytes: data?.[2] ? Buffer.from(data[2], 'base64') : null,
      };
    });
}

const chips = (page: Page) => page.getByRole('list', { name: 'Attached files' });
const chip = (page: Page, name: string) => chips(page).getByRole('listitem', { name });

/** The image has really been decoded (a broken or blocked image has no natural size). */
async function expectLoadedImage(image: Locator) {
  await expect(image).toBeVisible();
  await expect
    .poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth))
    .toBe(24);
}

test('an attached image reaches the model in the OpenAI image format and stays on the message', async ({
  page,
}) => {
  await signUp(page, 'files');
  const png = gradientPng(24);
  const question = `What colours are in this picture, ${Date.now().toString(36)}?`;
  const sendButton = page.getByRole('button', { name: 'Send message' });

  await test.step('attach through the paperclip: the chip shows a thumbnail, then the size', async () => {
    await expect(page.getByRole('button', { name: 'Attach files' })).toBeVisible();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach files' }).click();
    await (await chooser).setFiles({ name: 'gradient.png', mimeType: 'image/png', buffer: png });
    await expectLoadedImage(chip(page, 'gradient.png').getByRole('img', { name: 'gradient.png' }));
    await expect(chip(page, 'gradient.png').getByText(`${png.length} B`)).toBeVisible();
    await expect(chip(page, 'gradient.png').getByRole('status')).toHaveCount(0);
    await expect(
      chip(page, 'gradient.png').getByRole('button', { name: 'Remove gradient.png' }),
    ).toBeVisible();
  });

  await test.step('send with a question: the chips clear, the message shows the image, the answer streams', async () => {
    await page.getByLabel('Message', { exact: true }).fill(question);
    await expect(sendButton).toBeEnabled();
    await page.getByLabel('Message', { exact: true }).press('Enter');
    await expect(questions(page)).toHaveCount(1);
    await expect(chips(page)).toHaveCount(0);
    await expect(page).toHaveURL(/\/chat\/cht_[0-9a-z]+$/);
    await expectLoadedImage(questions(page).first().getByRole('img', { name: 'gradient.png' }));
    await expect(answers(page).first().locator('.markdown')).toContainText(/\w+ \w+/);
    await waitForAnswer(page);
    await screenshot(page, '20-image-attached');
  });

  await test.step('the fake LLM received the image inline, as an OpenAI data URL with the same bytes', async () => {
    // The question also goes out in the chat-title request; the answer's request is the one with the image.
    const asked = (await fakeRequests()).filter(
      (entry) => entry.path.includes('/chat/completions') && entry.lastUserText?.includes(question),
    );
    const withImage = asked.find((entry) =>
      entry.body?.messages?.some((message) => imagesOf(message).length > 0),
    );
    expect(withImage, 'a chat completion request carrying the question and the image').toBeDefined();
    const user = withImage!.body!.messages!.findLast((message) => message.role === 'user')!;
    expect(user.content).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'text', text: expect.stringContaining(question) }),
      ]),
    );
    const images = imagesOf(user);
    expect(images).toHaveLength(1);
    expect(images[0]!.format).toBe('openai:image_url:data');
    expect(images[0]!.mimeType).toBe('image/png');
    expect(images[0]!.bytes!.equals(png)).toBe(true);
  });

  await test.step('after a reload the thumbnail is fetched with the session and shown again', async () => {
    await page.reload();
    await expectLoadedImage(questions(page).first().getByRole('img', { name: 'gradient.png' }));
    await expect(questions(page).first()).toContainText(question);
  });

  await test.step('an unsupported file shows the 415 on its chip and cannot be sent until removed', async () => {
    await page
      .getByLabel('Files to attach')
      .setInputFiles({ name: 'tool.bin', mimeType: 'application/octet-stream', buffer: ELF_BINARY });
    const refused = chip(page, 'tool.bin');
    await expect(refused.getByRole('alert')).toContainText(
      /images \(PNG, JPEG, GIF, WebP\), PDFs and UTF-8 text files/,
    );
    await page.getByLabel('Message', { exact: true }).fill('And this one?');
    await expect(sendButton).toBeDisabled();
    await page.getByLabel('Message', { exact: true }).press('Enter');
    await expect(questions(page)).toHaveCount(1);
    await screenshot(page, '21-unsupported-file');
    // On a phone the refused chip, its reason and the composer still fit the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(refused.getByRole('button', { name: 'Remove tool.bin' })).toBeInViewport();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, '22-unsupported-file-phone');
    await page.setViewportSize({ width: 1280, height: 720 });
    await refused.getByRole('button', { name: 'Remove tool.bin' }).click();
    await expect(chips(page)).toHaveCount(0);
    await expect(sendButton).toBeEnabled();
  });

  await test.step('a text file goes as a named chip; the model reads its content', async () => {
    const notes = `Remember the marmalade ${Date.now().toString(36)}.\n`;
    await page
      .getByLabel('Files to attach')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(notes) });
    await expect(chip(page, 'notes.txt').getByText(`${Buffer.byteLength(notes)} B`)).toBeVisible();
    await page.getByLabel('Message', { exact: true }).fill('What does the note say?');
    await expect(sendButton).toBeEnabled();
    await page.getByLabel('Message', { exact: true }).press('Enter');
    await expect(questions(page)).toHaveCount(2);
    const link = questions(page)
      .nth(1)
      .getByRole('link', { name: /notes\.txt/ });
    await expect(link).toBeVisible();
    await waitForAnswer(page);
    const download = page.waitForEvent('download');
    await link.click();
    expect((await download).suggestedFilename()).toBe('notes.txt');
    const request = (await fakeRequests()).findLast(
      (entry) =>
        entry.path.includes('/chat/completions') &&
        JSON.stringify(entry.body).includes('What does the note say?'),
    );
    expect(JSON.stringify(request?.body)).toContain(notes.trim());
  });
});

test('files come by paste and drop too; ten at most; removing one deletes it; over the limit the server says too large', async ({
  page,
}) => {
  await signUp(page, 'files-more');
  const box = page.getByLabel('Message', { exact: true });
  const attach = page.getByRole('button', { name: 'Attach files' });

  await test.step('a pasted screenshot becomes a named image chip', async () => {
    const png = gradientPng(8);
    await box.evaluate(
      (area, bytes) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
        area.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
        );
      },
      [...png],
    );
    const pasted = chips(page).getByRole('listitem', { name: /^pasted-\d{8}-\d{6}\.png$/ });
    await expect(pasted.getByText(`${png.length} B`)).toBeVisible();
    await expect(pasted.getByRole('img')).toBeVisible();
  });

  await test.step('a file dropped on the composer is attached', async () => {
    const form = page.locator('form').filter({ has: box });
    const dataTransfer = await page.evaluateHandle(() => {
      const data = new DataTransfer();
      data.items.add(new File(['# Dropped plan\n'], 'plan.md', { type: 'text/markdown' }));
      return data;
    });
    await form.dispatchEvent('dragenter', { dataTransfer });
    await expect(page.getByText('Drop files to attach them')).toBeVisible();
    await form.dispatchEvent('drop', { dataTransfer });
    await expect(page.getByText('Drop files to attach them')).toHaveCount(0);
    await expect(chip(page, 'plan.md').getByText('15 B')).toBeVisible();
  });

  await test.step('no more than ten: the rest is refused with a notice and the paperclip disables', async () => {
    const notes = Array.from({ length: 9 }, (_, index) => ({
      name: `note-${index + 1}.txt`,
      mimeType: 'text/plain',
      buffer: Buffer.from(`note ${index + 1}\n`),
    }));
    await page.getByLabel('Files to attach').setInputFiles(notes);
    await expect(
      page.getByRole('alert').filter({ hasText: 'A message can carry at most 10 files.' }),
    ).toBeVisible();
    await expect(chips(page).getByRole('listitem')).toHaveCount(10);
    await expect(chip(page, 'note-8.txt')).toBeVisible();
    await expect(chip(page, 'note-9.txt')).toHaveCount(0);
    await expect(attach).toBeDisabled();
    await expect(chips(page).getByRole('status')).toHaveCount(0);
  });

  await test.step('removing an uploaded file deletes it on the server and frees a place', async () => {
    const deleted = page.waitForResponse(
      (response) => response.request().method() === 'DELETE' && /\/api\/files\/[^/]+$/.test(response.url()),
    );
    await chip(page, 'note-8.txt').getByRole('button', { name: 'Remove note-8.txt' }).click();
    expect((await deleted).status()).toBe(204);
    await expect(chips(page).getByRole('listitem')).toHaveCount(9);
    await expect(attach).toBeEnabled();
  });

  await test.step("a file over the server's limit shows too large on its chip and blocks sending", async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 'a');
    const refused = page.waitForResponse(
      (response) =>
        response.request().method() === 'POST' &&
        response.url().endsWith('/api/files') &&
        response.status() === 413,
    );
    await page
      .getByLabel('Files to attach')
      .setInputFiles({ name: 'huge.txt', mimeType: 'text/plain', buffer: big });
    await refused;
    await expect(chip(page, 'huge.txt').getByRole('alert')).toHaveText('File too large (max 5 MB)');
    await box.fill('Read all of these, please.');
    await expect(page.getByRole('button', { name: 'Send message' })).toBeDisabled();
    await chip(page, 'huge.txt').getByRole('button', { name: 'Remove huge.txt' }).click();
  });

  await test.step('the nine files go with the message and show on it', async () => {
    await expect(page.getByRole('button', { name: 'Send message' })).toBeEnabled();
    await box.press('Enter');
    await expect(questions(page)).toHaveCount(1);
    const sent = questions(page).first().getByRole('list', { name: 'Attachments' }).getByRole('listitem');
    await expect(sent).toHaveCount(9);
    await expect(
      questions(page)
        .first()
        .getByRole('img', { name: /^pasted-/ }),
    ).toBeVisible();
    await expect(
      questions(page)
        .first()
        .getByRole('link', { name: /plan\.md/ }),
    ).toBeVisible();
    await waitForAnswer(page);
    // The answer's request (not the title's) carries the files, inlined after the question.
    const prompts = (await fakeRequests())
      .map((entry) => JSON.stringify(entry.body))
      .filter((body) => body.includes('Read all of these, please.') && body.includes('File: plan.md'));
    expect(prompts.length).toBeGreaterThan(0);
    for (const expected of ['# Dropped plan', 'File: note-1.txt', 'note 1', 'note 7'])
      expect(prompts[0]).toContain(expected);
    expect(prompts[0]).not.toContain('note 8');
  });
});

test('a picture alone is a message: Send needs no text once a file is attached', async ({ page }) => {
  await signUp(page, 'files-only');
  const sendButton = page.getByRole('button', { name: 'Send message' });
  await expect(sendButton).toBeDisabled();
  const before = (await fakeRequests()).length;
  await page
    .getByLabel('Files to attach')
    .setInputFiles({ name: 'alone.png', mimeType: 'image/png', buffer: gradientPng(24) });
  await expect(chip(page, 'alone.png').getByRole('status')).toHaveCount(0);
  await expect(sendButton).toBeEnabled();
  await sendButton.click();
  await expect(questions(page)).toHaveCount(1);
  await expectLoadedImage(questions(page).first().getByRole('img', { name: 'alone.png' }));
  // No empty text bubble, no copy button for nothing.
  await expect(questions(page).first().getByRole('button', { name: 'Copy message' })).toHaveCount(0);
  await waitForAnswer(page);
  await expect(answers(page)).toHaveCount(1);
  const sent = (await fakeRequests())
    .slice(before)
    .find((request) => request.body?.messages?.some((message) => imagesOf(message).length > 0));
  expect(sent, 'the fake LLM never received the picture').toBeTruthy();
  const last = sent!.body!.messages!.at(-1)!;
  expect(imagesOf(last).map((image) => image.bytes?.equals(gradientPng(24)))).toEqual([true]);
});

test('a PDF is attached like any file and the model reads its text', async ({ page }) => {
  await signUp(page, 'files-pdf');
  const marker = `Quarterly figures ${Date.now().toString(36)}`;
  await page.getByLabel('Files to attach').setInputFiles({
    name: 'report.pdf',
    mimeType: 'application/pdf',
    buffer: minimalPdf([[marker, 'Revenue rose by nine percent.']]),
  });
  await expect(chip(page, 'report.pdf').getByRole('status')).toHaveCount(0);
  await expect(chip(page, 'report.pdf').getByRole('alert')).toHaveCount(0);
  await page.getByLabel('Message', { exact: true }).fill('What rose, according to the report?');
  await page.getByRole('button', { name: 'Send message' }).click();
  await expect(
    questions(page)
      .first()
      .getByRole('link', { name: /report\.pdf/ }),
  ).toBeVisible();
  await waitForAnswer(page);
  const prompt = (await fakeRequests()).find((request) => request.lastUserText?.includes(marker));
  expect(prompt?.lastUserText).toContain('File: report.pdf');
  expect(prompt?.lastUserText).toContain('Revenue rose by nine percent.');
});
