/** Longest tool output sent to the model (and stored): a tool must not fill the context window. */
export const DEFAULT_MAX_TOOL_OUTPUT_CHARS = 20_000;

/** `text` cut to `max` characters, saying so, so the model knows the result is incomplete. */
export function boundText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n… (cut at ${max} of ${text.length} characters)`;
}
