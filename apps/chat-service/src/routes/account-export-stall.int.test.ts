import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@vivier/testkit';
import { startTestChatService, type TestChatService } from '../test-support';
import { upload } from './files-test-support';

/**
 * "Export my data" for a client that stops reading without closing the connection: the server
 * drops the download after EXPORT_IDLE_TIMEOUT_MS instead of holding it (and the user's
 * archive being built) for ever.
 */
let service: TestChatService;
let baseUrl: URL;

beforeAll(async () => {
  service = await startTestChatService({
    EXPORT_IDLE_TIMEOUT_MS: '300',
    UPLOAD_LIMIT_BYTES: String(40 * 1024 * 1024),
  });
  baseUrl = new URL(await service.listen());
});
afterAll(async () => {
  await service.close();
});

describe('GET /api/chats/export and a stalled client', () => {
  it('closes the download of a client that stopped reading; the rest of the archive never comes', async () => {
    const user = await service.createUser();
    // More than the socket buffers on both sides hold, so the server has to wait for the client.
    const noise = randomBytes(24 * 1024 * 1024).toString('base64');
    expect((await upload(service, user, [{ name: 'noise.txt', bytes: noise }])).statusCode).toBe(201);

    const socket = connect(Number(baseUrl.port), baseUrl.hostname);
    socket.pause();
    let received = 0;
    let isClosed = false;
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    socket.on('close', () => (isClosed = true));
    socket.write(
      `GET /api/chats/export HTTP/1.1\r\nHost: ${baseUrl.host}\r\n` +
        `Authorization: ${user.headers.authorization}\r\nConnection: close\r\n\r\n`,
    );
    // The server gives up on the stalled download…
    await eventually(async () =>
      service.logs.text().includes('export abandoned: the client stopped reading'),
    );
    // …and closes the connection: reading again drains what was in flight, then the end comes,
    // far short of the archive (which holds the 32 MiB file, deflated to about 24).
    socket.resume();
    await eventually(async () => isClosed, 10_000);
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(16 * 1024 * 1024);
  }, 60_000);
});
