import { authenticator } from 'otplib';

const STEP_SECONDS = 30;
/** One step either side: a code typed just as it rolled over, or on a clock a little off, passes. */
const totp = authenticator.clone({ step: STEP_SECONDS, window: 1, digits: 6 });

export const newTotpSecret = (): string => totp.generateSecret(20);

export const totpUri = (account: string, issuer: string, secret: string): string =>
  totp.keyuri(account, issuer, secret);

/**
 * The time step a code belongs to when it is valid now, else null. Callers remember the step of
 * the last accepted code so the same code (or an older one) is never accepted twice.
 */
export function matchTotpStep(code: string, secret: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp.checkDelta(code, secret);
  if (delta === null) return null;
  return Math.floor(now / 1000 / STEP_SECONDS) + delta;
}
