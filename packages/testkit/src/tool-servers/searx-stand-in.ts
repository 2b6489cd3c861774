import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SearxStandIn {
  /** The base URL an admin enters (`/search?q=&format=json` is under it). */
  url: string;
  /** Every search query received. */
  queries: string[];
  close(): Promise<void>;
}

const PAGE_COUNT = 3;

function pageHtml(index: number, query: string): string {
  return `<!doctype html><html><head><title>Result ${index} about ${query}</title>
<style>body{font-family:sans-serif}</style><script>var tracking = true;</script></head>
<body><h1>Result ${index} about ${query}</h1>
<p>Page ${index} explains ${query}: lanterns &amp; rivers, fact number ${index * 7}.</p></body></html>`;
}

/**
 * A SearXNG-compatible search engine: `GET /search?q=…&format=json` answers SearXNG's JSON with
 * results pointing at its own `/pages/N` HTML pages, whose text names the query.
 */
export async function startSearxStandIn(
  /** `hostName`: how its URLs name it (e.g. `localhost`, for an egress policy that allows that name). */
  options: { port?: number; hostName?: string } = {},
): Promise<SearxStandIn> {
  const queries: string[] = [];
  let base = '';
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://searx.local');
    const page = url.pathname.match(/^\/pages\/(\d+)$/);
    if (url.pathname === '/search' && url.searchParams.get('format') === 'json') {
      const query = url.searchParams.get('q') ?? '';
      queries.push(query);
      const results = Array.from({ length: PAGE_COUNT }, (_, offset) => ({
        url: `${base}/pages/${offset + 1}?q=${encodeURIComponent(query)}`,
        title: `Result ${offset + 1} about ${query}`,
        content: `Snippet ${offset + 1} for ${query}.`,
        engine: 'stand-in',
      }));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ query, number_of_results: results.length, results }));
      return;
    }
    if (page) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(pageHtml(Number(page[1]), url.searchParams.get('q') ?? ''));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `http://${options.hostName ?? '127.0.0.1'}:${port}`;
  return {
    url: base,
    queries,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
