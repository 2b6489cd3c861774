import type * as ContractsModule from '@vivier/contracts';
import type { ProviderId, ProviderKind, StreamFrame, terminalFrameTypes } from '@vivier/contracts';

export type Contracts = typeof ContractsModule;

let loading: Promise<Contracts> | null = null;

/**
 * The contracts (zod and every wire schema, ~37 KB gzip) in their own chunk: the page paints
 * without them and they arrive with the first API call, which needs them to validate its answer.
 * Only this module imports their runtime values; the rest of the app imports types.
 */
export function loadContracts(): Promise<Contracts> {
  loading ??= import('@vivier/contracts');
  return loading;
}

/** Mirrors of tiny constants, so the forms need not load zod to know them (tested equal). */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Exhaustive over ProviderKind: adding a kind in contracts fails the type check here. */
const providerKinds: Record<ProviderKind, true> = {
  openai: true,
  anthropic: true,
  google: true,
  'openai-compatible': true,
};

export function isProviderKind(value: string): value is ProviderKind {
  return Object.hasOwn(providerKinds, value);
}

/** A provider a chat can name: a built-in kind, or an admin-added provider's `prv_…` id. */
const ADMIN_PROVIDER_ID = /^prv_[0-9a-z]{20}$/;

export function isProviderId(value: string): value is ProviderId {
  return isProviderKind(value) || ADMIN_PROVIDER_ID.test(value);
}

const terminalTypes: ReadonlySet<string> = new Set<(typeof terminalFrameTypes)[number]>([
  'done',
  'error',
  'cancelled',
]);

export function isTerminalFrame(frame: Pick<StreamFrame, 'type'>): boolean {
  return terminalTypes.has(frame.type);
}
