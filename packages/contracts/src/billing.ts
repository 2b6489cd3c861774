import { z } from 'zod';
import { IsoDate, text } from './common';

/**
 * Billing wire types (billing-service). Money is integer: plan prices in cents, usage and
 * allowances in micro-dollars (1 USD = 1_000_000), never floats.
 */

const micros = z.number().int().min(0);

export const Plan = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  priceMonthlyCents: z.number().int().min(0),
  /** Spendable provider cost per billing period, in micro-dollars. */
  allowanceMicros: micros,
  active: z.boolean(),
  /** The plan of everyone without a paid subscription (Free). */
  isDefault: z.boolean(),
});
export type Plan = z.infer<typeof Plan>;

export const PlanList = z.object({ items: z.array(Plan) });
export type PlanList = z.infer<typeof PlanList>;

// ─── plans as admins manage them ───────────────────────────────────────────────────────────

/**
 * A plan with everything an admin may change, inactive plans included (`GET /api/admin/plans`,
 * billing's `GET /internal/plans`). `allowanceMicros` is a JSON number like everywhere else in
 * billing, so it is kept within the safe-integer range.
 */
export const PlanAdminView = Plan.extend({
  /** Stripe Price (`price_…`) that Checkout sells this plan with; null for plans not sold (Free). */
  stripePriceId: z.string().nullable(),
  createdAt: IsoDate,
  updatedAt: IsoDate,
});
export type PlanAdminView = z.infer<typeof PlanAdminView>;

export const PlanAdminList = z.object({ items: z.array(PlanAdminView) });
export type PlanAdminList = z.infer<typeof PlanAdminList>;

/**
 * `PATCH /api/admin/plans/:id` (and billing's `PATCH /internal/plans/:id`). Money is integer:
 * cents and micro-dollars. Exactly one default plan always exists: `isDefault: true` moves the
 * default here (the previous default is unset in the same transaction); `isDefault: false` on the
 * default plan is refused (make another plan the default instead); the default plan cannot be
 * deactivated.
 */
export const PlanPatch = z
  .object({
    name: text(100)
      .refine((value) => value.trim().length > 0, 'must not be empty')
      .optional(),
    priceMonthlyCents: z.number().int().min(0).max(100_000_000).optional(),
    allowanceMicros: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    /** null: the plan is not sold through Stripe Checkout. */
    stripePriceId: z
      .string()
      .regex(/^price_[A-Za-z0-9_]{1,250}$/, 'must be a Stripe Price id (price_…)')
      .nullable()
      .optional(),
    active: z.boolean().optional(),
    isDefault: z.boolean().optional(),
  })
  .strict()
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message:
      'give at least one of name, priceMonthlyCents, allowanceMicros, stripePriceId, active, isDefault',
  });
export type PlanPatch = z.infer<typeof PlanPatch>;

/** billing's answer to `PATCH /internal/plans/:id`: both sides, for admin-service's audit log. */
export const PlanChange = z.object({ before: PlanAdminView, after: PlanAdminView });
export type PlanChange = z.infer<typeof PlanChange>;

/** Spend in the current billing period against the plan's allowance. */
export const UsageMeter = z.object({
  usedMicros: micros,
  limitMicros: micros,
  /** When the period ends and the meter starts again from zero. */
  resetsAt: IsoDate,
});
export type UsageMeter = z.infer<typeof UsageMeter>;

/**
 * The caller's subscription. `plan` is the plan whose allowance applies now: the default (Free)
 * plan when there is no paid subscription or it is no longer in good standing. `status` is
 * Stripe's subscription status (`active`, `trialing`, `past_due`, `canceled`, …), `active` for
 * someone who never subscribed.
 */
export const Subscription = z.object({
  plan: Plan,
  status: z.string(),
  currentPeriodStart: IsoDate,
  /** End of the paid period; null on the default plan (its meter resets monthly, see `usage`). */
  currentPeriodEnd: IsoDate.nullable(),
  cancelAtPeriodEnd: z.boolean(),
  /** True once a Stripe customer exists, i.e. when `POST /api/billing/portal` can answer. */
  hasBillingAccount: z.boolean(),
  usage: UsageMeter,
});
export type Subscription = z.infer<typeof Subscription>;

export const CheckoutRequest = z.object({ planId: z.string().min(1).max(64) });
export type CheckoutRequest = z.infer<typeof CheckoutRequest>;

/** Where to send the browser next (Stripe Checkout or the Customer Portal). */
export const UrlResponse = z.object({ url: z.url() });
export type UrlResponse = z.infer<typeof UrlResponse>;

export const WebhookAck = z.object({ received: z.literal(true) });
export type WebhookAck = z.infer<typeof WebhookAck>;

export const MAX_USAGE_RANGE_DAYS = 366;

/** `2026-11-01` (a UTC day) or a full ISO datetime with Z/offset. */
const DateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/**
 * `GET /api/billing/usage?from&to`. `from` is inclusive; `to` is exclusive as a datetime and
 * inclusive as a bare date (`to=2026-11-30` covers all of the 30th). Either one left out defaults
 * to the current billing period's edge; the range may span at most MAX_USAGE_RANGE_DAYS.
 */
export const UsageQuery = z.object({
  from: DateOrDateTime.optional(),
  to: DateOrDateTime.optional(),
});
export type UsageQuery = z.infer<typeof UsageQuery>;

export const UsageReportItem = z.object({
  /** UTC day, `YYYY-MM-DD`. */
  day: z.iso.date(),
  provider: z.string(),
  model: z.string(),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  costMicros: micros,
});
export type UsageReportItem = z.infer<typeof UsageReportItem>;

export const UsageTotals = z.object({
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  costMicros: micros,
});
export type UsageTotals = z.infer<typeof UsageTotals>;

export const UsageReport = z.object({
  /** The resolved range, `from` inclusive and `to` exclusive. */
  from: IsoDate,
  to: IsoDate,
  /** One row per day, provider and model, ordered by day then provider then model. */
  items: z.array(UsageReportItem),
  totals: UsageTotals,
});
export type UsageReport = z.infer<typeof UsageReport>;

/** `GET /internal/quota/:userId` (service-to-service; chat-service asks before every generation). */
export const QuotaParams = z.object({ userId: z.string().min(1).max(64) });
export type QuotaParams = z.infer<typeof QuotaParams>;

/** `GET /internal/quota/:userId` when the user may generate. */
export const QuotaStatus = z.object({
  allowed: z.boolean(),
  usedMicros: micros,
  limitMicros: micros,
  resetsAt: IsoDate,
});
export type QuotaStatus = z.infer<typeof QuotaStatus>;

/** `error.meta` of a 402 QUOTA_EXCEEDED answer. */
export const QuotaExceededMeta = z.object({
  usedMicros: micros,
  limitMicros: micros,
  resetsAt: IsoDate,
});
export type QuotaExceededMeta = z.infer<typeof QuotaExceededMeta>;
