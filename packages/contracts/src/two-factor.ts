import { z } from 'zod';
import { text } from './common';
import { User } from './auth';

/**
 * Two-factor authentication (TOTP). A login with a second factor does not start a session: it
 * answers a short-lived, single-purpose `mfaToken` the client trades, with a code, at
 * /api/auth/login/mfa. When an admin requires two-factor and the user has none, the token only
 * allows enrolling (setup + enable), and enabling then starts the session.
 */

/** A 6-digit authenticator code or a recovery code (`xxxx-xxxx-xxxx`, dashes optional). */
export const MfaCode = z
  .string()
  .trim()
  .min(6)
  .max(20)
  .regex(/^[0-9A-Za-z-]+$/, 'must be a 6-digit code or a recovery code');

export const MfaToken = z.string().min(1).max(2000);

/** What /api/auth/login answers instead of a session when a second factor is needed. */
export const MfaChallengeResponse = z.union([
  z.object({ mfaRequired: z.literal(true), mfaToken: z.string() }),
  z.object({ mfaEnrollmentRequired: z.literal(true), mfaToken: z.string() }),
]);
export type MfaChallengeResponse = z.infer<typeof MfaChallengeResponse>;

export const LoginMfaRequest = z.object({ mfaToken: MfaToken, code: MfaCode });
export type LoginMfaRequest = z.infer<typeof LoginMfaRequest>;

/** Setup and enable take an access token, or the enrolment `mfaToken` of a login. */
export const TotpSetupRequest = z.object({ mfaToken: MfaToken.optional() }).nullish();
export const TotpSetupResponse = z.object({ otpauthUrl: z.string(), secret: z.string() });
export type TotpSetupResponse = z.infer<typeof TotpSetupResponse>;

export const TotpEnableRequest = z.object({ code: MfaCode, mfaToken: MfaToken.optional() });
export type TotpEnableRequest = z.infer<typeof TotpEnableRequest>;
/** With an enrolment token, enabling also signs in: `user` and `accessToken` come with it. */
export const TotpEnableResponse = z.object({
  recoveryCodes: z.array(z.string()),
  user: User.optional(),
  accessToken: z.string().optional(),
});
export type TotpEnableResponse = z.infer<typeof TotpEnableResponse>;

export const TotpDisableRequest = z
  .object({ code: MfaCode.optional(), password: text(128).optional() })
  .refine((body) => body.code !== undefined || body.password !== undefined, {
    message: 'send the current code or your password',
    path: ['code'],
  });
export type TotpDisableRequest = z.infer<typeof TotpDisableRequest>;

export const MfaRequirement = z.enum(['off', 'admins', 'everyone']);
export type MfaRequirement = z.infer<typeof MfaRequirement>;

export const TwoFactorStatus = z.object({
  totpEnabled: z.boolean(),
  recoveryCodesLeft: z.number().int(),
  /** True when the admins' policy requires two-factor of this user. */
  required: z.boolean(),
});
export type TwoFactorStatus = z.infer<typeof TwoFactorStatus>;

export const MfaPolicyBody = z.object({ require: MfaRequirement });
export type MfaPolicyBody = z.infer<typeof MfaPolicyBody>;

/** Internal API (admin-service → auth-service). */
export const MfaPolicyChange = z.object({ before: MfaPolicyBody, after: MfaPolicyBody });
export type MfaPolicyChange = z.infer<typeof MfaPolicyChange>;
export const TwoFactorReset = z.object({ totpEnabled: z.boolean() });
export type TwoFactorReset = z.infer<typeof TwoFactorReset>;
