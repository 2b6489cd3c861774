import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRevokedChannel, createDisabledUsers, type DisabledUsers } from '@vivier/service-kit';
import { eventually } from '@vivier/testkit';
import { clientFor, openSocket, openSse, startTestChatService, type TestChatService } from '../test-support';

/**
 * A signed-out session or a disabled account loses its WebSockets and SSE streams at once, not when the access
 * token it opened them with expires. auth-service's side is `createDisabledUsers` (what its
 * sign-out, password change, disable and delete call); here the test calls it the same way.
 */
let service: TestChatService;
let baseUrl: string;
let revocations: DisabledUsers;

beforeAll(async () => {
  service = await startTestChatService({ WS_AUTH_TIMEOUT_MS: '2000' });
  baseUrl = await service.listen();
  revocations = createDisabledUsers(service.deps.redis, service.env.REDIS_PREFIX);
  // chat-service listens for announcements before a test makes one.
  const channel = accessRevokedChannel(service.env.REDIS_PREFIX);
  await eventually(async () => {
    const [, listeners] = (await service.deps.redis.pubsub('NUMSUB', channel)) as [string, number];
    return Number(listeners) > 0;
  });
});
afterAll(async () => {
  await service.close();
});

/** A user with a generation to watch, and a token for a session of its own. */
async function userWithGeneration(sessionId: string) {
  const user = await service.createUser();
  const chat = await clientFor(service, user).createChat();
  const { generationId } = (await clientFor(service, user).postMessage(chat.id, 'hello')) as {
    generationId: string;
  };
  const token = await service.tokens.sign(user.id, { sessionId });
  return { user, generationId, token };
}

describe('GET /api/ws and revoked access', () => {
  it('refuses a signed-out session’s token, by first frame and by header', async () => {
    const { token } = await userWithGeneration('ses_signedout1');
    await revocations.revokeSessions(['ses_signedout1']);

    const byFrame = await openSocket(baseUrl);
    byFrame.send({ type: 'auth', token });
    expect(await byFrame.closed).toEqual({ code: 4401, reason: 'this session was signed out' });

    const byHeader = await openSocket(baseUrl, { authorization: `Bearer ${token}` });
    expect(await byHeader.closed).toEqual({ code: 4401, reason: 'this session was signed out' });
  });

  it('closes the open sockets of a session when it is signed out, and only those', async () => {
    const { user, generationId, token } = await userWithGeneration('ses_phone');
    const laptopToken = await service.tokens.sign(user.id, { sessionId: 'ses_laptop' });
    const phone = await openSocket(baseUrl);
    phone.send({ type: 'auth', token });
    phone.send({ type: 'subscribe', generationId });
    const laptop = await openSocket(baseUrl);
    laptop.send({ type: 'auth', token: laptopToken });
    laptop.send({ type: 'subscribe', generationId });
    await service.streams.append(generationId, { type: 'delta', text: 'both see this' });
    await phone.waitForFrames(1);
    await laptop.waitForFrames(1);

    await revocations.revokeSessions(['ses_phone']);
    expect(await phone.closed).toEqual({ code: 4401, reason: 'this session was signed out' });
    await service.streams.append(generationId, { type: 'delta', text: 'laptop only' });
    await laptop.waitForFrames(2);
    expect(phone.frames.map((frame) => frame.text)).toEqual(['both see this']);
    laptop.close();
  });

  it('closes every socket of an account that is disabled', async () => {
    const { user, generationId, token } = await userWithGeneration('ses_tab1');
    const tabs = await Promise.all([openSocket(baseUrl), openSocket(baseUrl)]);
    for (const tab of tabs) {
      tab.send({ type: 'auth', token });
      tab.send({ type: 'subscribe', generationId });
    }
    await service.streams.append(generationId, { type: 'delta', text: 'hi' });
    await Promise.all(tabs.map((tab) => tab.waitForFrames(1)));

    await revocations.mark(user.id, true);
    for (const tab of tabs)
      expect(await tab.closed).toEqual({ code: 4401, reason: 'this account has been disabled' });

    const again = await openSocket(baseUrl);
    again.send({ type: 'auth', token });
    expect(await again.closed).toEqual({ code: 4401, reason: 'this account has been disabled' });
  });

  it('refuses a new subscription of a session revoked while this process was not listening', async () => {
    const { user, generationId, token } = await userWithGeneration('ses_missed');
    const socket = await openSocket(baseUrl);
    socket.send({ type: 'auth', token });
    // The keys auth-service sets, without the announcement (as if it was missed).
    const missed = createDisabledUsers(service.deps.redis, service.env.REDIS_PREFIX);
    await service.deps.redis.set(`${service.env.REDIS_PREFIX}revoked-session:ses_missed`, '1');
    socket.send({ type: 'subscribe', generationId });
    expect(await socket.closed).toEqual({ code: 4401, reason: 'this session was signed out' });
    expect(await missed.refusalFor({ id: user.id, role: 'USER', sessionId: 'ses_missed' })).toBe(
      'session-revoked',
    );
  });
});

describe('GET /api/generations/:id/stream and revoked access', () => {
  const streamOf = (generationId: string, token: string) =>
    openSse(`${baseUrl}/api/generations/${generationId}/stream`, { authorization: `Bearer ${token}` });

  it('ends the SSE streams of a signed-out session, and only those', async () => {
    const { user, generationId, token } = await userWithGeneration('ses_sse_phone');
    const laptopToken = await service.tokens.sign(user.id, { sessionId: 'ses_sse_laptop' });
    const phone = await streamOf(generationId, token);
    const laptop = await streamOf(generationId, laptopToken);
    await service.streams.append(generationId, { type: 'delta', text: 'both see this' });
    await phone.waitForEvents(1);
    await laptop.waitForEvents(1);

    await revocations.revokeSessions(['ses_sse_phone']);
    await phone.ended;
    await service.streams.append(generationId, { type: 'delta', text: 'laptop only' });
    await laptop.waitForEvents(2);
    expect(phone.events.map((event) => event.data.text)).toEqual(['both see this']);
    expect(laptop.events.map((event) => event.data.text)).toEqual(['both see this', 'laptop only']);
    laptop.abort();
  });

  it('ends every SSE stream of an account that is disabled', async () => {
    const { user, generationId, token } = await userWithGeneration('ses_sse_tab');
    const tabs = await Promise.all([streamOf(generationId, token), streamOf(generationId, token)]);
    await service.streams.append(generationId, { type: 'delta', text: 'hi' });
    await Promise.all(tabs.map((tab) => tab.waitForEvents(1)));

    await revocations.mark(user.id, true);
    await Promise.all(tabs.map((tab) => tab.ended));
    await service.streams.append(generationId, { type: 'delta', text: 'not for them' });
    for (const tab of tabs) expect(tab.events.map((event) => event.data.text)).toEqual(['hi']);
  });
});
