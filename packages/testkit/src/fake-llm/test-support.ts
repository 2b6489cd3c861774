/** Helpers shared by the fake LLM's own tests: raw HTTP, no SDK in between. */

/** Reads an SSE body into its events (`event:` name, parsed `data:`). */
export async function readEvents(response: Response): Promise<Array<{ event?: string; data: string }>> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
      const data = lines.find((line) => line.startsWith('data: '))?.slice(6) ?? '';
      return event ? { event, data } : { data };
    });
}

/** Test bodies are asserted on, not trusted: `any` keeps the assertions readable. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const json = (response: Response): Promise<any> => response.json();

export function post(url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal,
  });
}

export const chat = (content: string, extra: Record<string, unknown> = {}) => ({
  model: 'fake',
  messages: [{ role: 'user', content }],
  ...extra,
});
