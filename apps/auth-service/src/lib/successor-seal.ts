import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * A rotated refresh token keeps its successor sealed (AES-256-GCM) under a key derived from the
 * rotated token itself. The database holds only hashes of tokens, so a leak of it opens nothing;
 * whoever presents the old token within the grace window can open the seal and receive the same
 * successor as the request that rotated it (two tabs refreshing at once).
 */
const INFO = 'vivier refresh-token successor';

function keyOf(presented: string): Buffer {
  return Buffer.from(hkdfSync('sha256', presented, '', INFO, 32));
}

export function sealSuccessor(presented: string, successor: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(presented), iv);
  const sealed = Buffer.concat([cipher.update(successor, 'utf8'), cipher.final()]);
  return [iv, sealed, cipher.getAuthTag()].map((part) => part.toString('base64url')).join('.');
}

/** The successor, or undefined when `presented` is not the token it was sealed with. */
export function openSuccessor(presented: string, sealed: string): string | undefined {
  const [iv, body, tag] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !body || !tag) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(presented), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
