import { exportJWK, generateKeyPair, SignJWT } from 'jose';

const base64url = (text: string) => Buffer.from(text).toString('base64url');
const decodePart = (part: string) =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

/**
 * Authorization headers that must never authenticate, built from a valid access token `valid`
 * (its claims reused so only the one broken property differs) and an `expired` token signed by
 * the trusted key. Keyed by what is wrong with each.
 */
export async function hostileAuthorizations(
  valid: string,
  expired: string,
): Promise<Record<string, string | undefined>> {
  const [header, payload, signature] = valid.split('.') as [string, string, string];
  const claims = decodePart(payload);
  const otherKey = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(otherKey.publicKey);
  const protectedHeader = decodePart(header);
  const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
  // HS256 keyed with the verifier's public key: the classic algorithm-confusion forgery.
  const confused = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', kid: protectedHeader.kid as string, typ: 'JWT' })
    .sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
  return {
    'no token': undefined,
    'empty bearer': 'Bearer ',
    'another scheme': `Basic ${Buffer.from('admin:admin').toString('base64')}`,
    'token without scheme': valid,
    expired: `Bearer ${expired}`,
    'tampered signature': `Bearer ${header}.${payload}.${flipped}`,
    'tampered claims (role ADMIN, sub changed)': `Bearer ${header}.${base64url(
      JSON.stringify({ ...claims, role: 'ADMIN', sub: 'usr_someoneelse' }),
    )}.${signature}`,
    'alg none': `Bearer ${base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`,
    'alg HS256 keyed with the public key': `Bearer ${confused}`,
    'signed by another key': `Bearer ${await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: protectedHeader.kid as string, typ: 'JWT' })
      .sign(otherKey.privateKey)}`,
    'not a JWT': 'Bearer not.a.jwt',
    'huge token': `Bearer ${'a'.repeat(16_000)}`,
  };
}
