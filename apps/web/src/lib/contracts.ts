import type * as ContractsModule from '@vivier/contracts';

export type Contracts = typeof ContractsModule;

let loading: Promise<Contracts> | null = null;

/**
 * The schemas (zod and every wire schema, ~39 KiB gzip) in their own chunk: the page paints
 * without them and they arrive with the first API call, which needs them to validate its answer.
 * Imported eagerly they would add that much to every page's first load, subpaths or not (zod
 * itself is most of it). Constants and guards that need no zod come from
 * `@vivier/contracts/constants` instead; the rest of the app imports types only.
 */
export function loadContracts(): Promise<Contracts> {
  loading ??= import('@vivier/contracts');
  return loading;
}
