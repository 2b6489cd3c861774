/**
 * Tool names every provider accepts (OpenAI: `^[a-zA-Z0-9_-]{1,64}$`; Anthropic and Gemini are
 * as strict or looser): other characters become `_`, and a name already taken gets `_2`, `_3`….
 */
export function uniqueToolName(wanted: string, taken: ReadonlySet<string>): string {
  const base = (wanted.replace(/[^A-Za-z0-9_-]/g, '_') || 'tool').slice(0, 60);
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix += 1) {
    const candidate = `${base}_${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
