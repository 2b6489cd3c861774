import { z } from 'zod';
import { boundText } from './bounded-text';
import { htmlTitle, htmlToText } from './html-text';

export interface WebSearchOptions {
  /** The SearXNG-compatible endpoint the admin set (its base, or the `/search` URL itself). */
  searchUrl: string;
  /** The egress guard: search endpoint and result pages alike are admin- or web-chosen URLs. */
  fetch: typeof fetch;
  signal: AbortSignal;
  /** Pages fetched and cited. */
  maxResults?: number;
  /** Each request (the search, every page) must finish within this long. */
  requestTimeoutMs?: number;
  /** Bytes read of each page; the rest is not downloaded. */
  maxPageBytes?: number;
  /** Characters of each page's text the model gets. */
  excerptChars?: number;
}

export interface WebSource {
  url: string;
  title: string;
  excerpt: string;
}

const SearchResults = z.object({
  results: z
    .array(z.object({ url: z.string(), title: z.string().optional(), content: z.string().optional() }))
    .default([]),
});

function searchEndpoint(searchUrl: string, query: string): URL {
  const url = new URL(searchUrl);
  if (!/\/search\/?$/.test(url.pathname)) url.pathname = `${url.pathname.replace(/\/+$/, '')}/search`;
  url.searchParams.set('q', query);
  url.searchParams.set('format', 'json');
  return url;
}

function timedSignal(signal: AbortSignal, timeoutMs: number): AbortSignal {
  return AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
}

/** Reads at most `maxBytes` of a body and cancels the rest. */
async function readLimited(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, maxBytes));
}

async function fetchPage(
  result: { url: string; title?: string; content?: string },
  options: Required<Omit<WebSearchOptions, 'searchUrl'>>,
): Promise<WebSource> {
  const fallback = { url: result.url, title: result.title || result.url, excerpt: result.content ?? '' };
  try {
    const response = await options.fetch(result.url, {
      signal: timedSignal(options.signal, options.requestTimeoutMs),
      headers: { accept: 'text/html,text/plain;q=0.9' },
    });
    if (!response.ok) return fallback;
    const body = await readLimited(response, options.maxPageBytes);
    const isHtml = (response.headers.get('content-type') ?? '').includes('html');
    const text = isHtml ? htmlToText(body) : body;
    return {
      url: result.url,
      title: result.title || (isHtml ? htmlTitle(body) : null) || result.url,
      excerpt: boundText(text || fallback.excerpt, options.excerptChars),
    };
  } catch (error) {
    if (options.signal.aborted) throw error;
    // A page that is refused, slow or gone: the search's own snippet still says something.
    return fallback;
  }
}

/** Queries the search endpoint and reads the top pages, each through the egress guard. */
export async function searchWeb(query: string, options: WebSearchOptions): Promise<WebSource[]> {
  const settings = {
    fetch: options.fetch,
    signal: options.signal,
    maxResults: options.maxResults ?? 3,
    requestTimeoutMs: options.requestTimeoutMs ?? 8_000,
    maxPageBytes: options.maxPageBytes ?? 512 * 1024,
    excerptChars: options.excerptChars ?? 2_000,
  };
  const response = await options.fetch(searchEndpoint(options.searchUrl, query), {
    signal: timedSignal(options.signal, settings.requestTimeoutMs),
    headers: { accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`the search endpoint answered ${response.status}`);
  const parsed = SearchResults.safeParse(JSON.parse(await readLimited(response, 2 * 1024 * 1024)));
  if (!parsed.success) throw new Error('the search endpoint did not answer SearXNG JSON');
  const top = parsed.data.results
    .filter((result) => /^https?:/i.test(result.url))
    .slice(0, settings.maxResults);
  return Promise.all(top.map((result) => fetchPage(result, settings)));
}

/** The tool result the model reads: numbered sources it can cite as [1], [2]…. */
export function formatSources(sources: WebSource[], firstIndex: number): string {
  if (sources.length === 0) return 'No results.';
  return sources
    .map((source, offset) => `[${firstIndex + offset}] ${source.title} (${source.url})\n${source.excerpt}`)
    .join('\n\n');
}
