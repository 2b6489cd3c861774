/**
 * `{{name}}` placeholders in a library prompt. Names are letters, digits, `_`, `-` and inner
 * spaces (`{{ target language }}` is the same variable as `{{target language}}`); anything else
 * between braces is left as text, so code samples with `{{` survive.
 */
const PLACEHOLDER = /\{\{\s*([\p{L}\p{N}_-]+(?: [\p{L}\p{N}_-]+)*)\s*\}\}/gu;

/** The distinct variable names, in the order they first appear. */
export function parsePromptVariables(content: string): string[] {
  const names: string[] = [];
  for (const match of content.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** The content with each placeholder replaced; a variable without a value stays as written. */
export function fillPromptVariables(content: string, values: Readonly<Record<string, string>>): string {
  return content.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name]! : whole,
  );
}

/**
 * The `/query` the composer's prompt list filters by: only when the draft is a single `/word`
 * at the very start (a `/` later in the text is just a slash).
 */
export function slashQueryOf(draft: string): string | null {
  const match = /^\/([^\s/]*)$/.exec(draft);
  return match ? match[1]!.toLowerCase() : null;
}

/** Prompts whose command starts with the query first, then those whose command or title contain it. */
export function filterPrompts<T extends { command: string; title: string }>(
  prompts: T[],
  query: string,
): T[] {
  const q = query.toLowerCase();
  const starts = prompts.filter((prompt) => prompt.command.startsWith(q));
  const contains = prompts.filter(
    (prompt) =>
      !prompt.command.startsWith(q) && (prompt.command.includes(q) || prompt.title.toLowerCase().includes(q)),
  );
  return [...starts, ...contains];
}
