import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestTokens, type TestTokens } from '@vivier/testkit';
import { createTokenVerifier } from './token-verifier';

let tokens: TestTokens;
beforeAll(async () => {
  tokens = await createTestTokens();
});

describe('createTokenVerifier with its cache of verified tokens', () => {
  it('refuses a remembered token once it has expired', async () => {
    const verifier = createTokenVerifier(tokens);
    const expiresAtMs = (Math.floor(Date.now() / 1000) + 2) * 1000;
    const token = await tokens.sign('usr_a', { expiresIn: new Date(expiresAtMs) });
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 'usr_a', role: 'USER' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 'usr_a' });
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(expiresAtMs), { timeout: 5_000, interval: 50 });
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('never answers for a token it has not verified: a tampered copy of a remembered token fails', async () => {
    const verifier = createTokenVerifier(tokens);
    const token = await tokens.sign('usr_b', { role: 'ADMIN' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ role: 'ADMIN' });
    const [header, , signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: 'usr_c', role: 'ADMIN' })).toString('base64url');
    await expect(verifier.verify(`${header}.${forgedPayload}.${signature}`)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('does not remember an expired token: it fails every time', async () => {
    const verifier = createTokenVerifier(tokens);
    const expired = await tokens.sign('usr_d', { expiresIn: new Date(Date.now() - 1_000) });
    await expect(verifier.verify(expired)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(verifier.verify(expired)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
