import { describe, expect, it } from 'vitest';
import { newSecretToken } from './secret-tokens';
import { openSuccessor, sealSuccessor } from './successor-seal';

describe('successor seal', () => {
  it('opens with the rotated token only', () => {
    const rotated = newSecretToken();
    const successor = newSecretToken();
    const sealed = sealSuccessor(rotated, successor);
    expect(sealed).not.toContain(successor);
    expect(openSuccessor(rotated, sealed)).toBe(successor);
    expect(openSuccessor(newSecretToken(), sealed)).toBeUndefined();
  });

  it('refuses a tampered or malformed seal', () => {
    const rotated = newSecretToken();
    const [iv, body, tag] = sealSuccessor(rotated, newSecretToken()).split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(openSuccessor(rotated, [iv, flipped.toString('base64url'), tag].join('.'))).toBeUndefined();
    expect(openSuccessor(rotated, 'not-a-seal')).toBeUndefined();
  });
});
