import type { ProviderKind } from './types';

/**
 * The largest inline (base64) image a provider's API accepts, in base64 characters; undefined
 * where our own upload limit (20 MiB by default) stays below the provider's.
 *
 * Anthropic: the Messages API refuses an image whose base64 data is longer than 5 MiB ("image
 * exceeds 5 MB maximum: … bytes > 5242880 bytes"): about 3.75 MiB of raw image.
 */
const MAX_INLINE_IMAGE_BASE64_CHARS: Partial<Record<ProviderKind, number>> = {
  anthropic: 5 * 1024 * 1024,
};

export function maxInlineImageBase64Chars(kind: ProviderKind): number | undefined {
  return MAX_INLINE_IMAGE_BASE64_CHARS[kind];
}
