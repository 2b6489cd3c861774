/** Reads a JWT's `exp` (seconds) without verifying it: only to refresh before it runs out. */
function tokenExpiresAt(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims: unknown = JSON.parse(json);
    if (claims && typeof claims === 'object' && 'exp' in claims && typeof claims.exp === 'number')
      return claims.exp;
    return null;
  } catch {
    return null;
  }
}

/** True when the token has less than `marginSeconds` left (or cannot be read). */
export function isTokenExpiring(token: string, nowMs: number, marginSeconds = 30): boolean {
  const exp = tokenExpiresAt(token);
  return exp === null || exp * 1000 - nowMs < marginSeconds * 1000;
}
