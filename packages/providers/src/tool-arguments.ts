/**
 * A model's tool-call arguments as an object. Models sometimes send invalid JSON or a non-object;
 * the call still goes to the tool (which reports the bad input) rather than failing the answer.
 */
export function parseToolArguments(json: string): Record<string, unknown> {
  if (json.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(json);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
    return { value };
  } catch {
    return { invalidJson: json };
  }
}
