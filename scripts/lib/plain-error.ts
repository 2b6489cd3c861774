/**
 * The start and test commands end every failure in one plain sentence that says what to do, not a
 * stack trace: a StartError carries that sentence, and `explain` turns anything else into one.
 */
export class StartError extends Error {
  /** Lines worth showing before the sentence (a service's last output, say). */
  readonly details?: string;
  constructor(sentence: string, details?: string) {
    super(sentence);
    this.name = 'StartError';
    this.details = details;
  }
}

const firstLine = (text: string) =>
  text
    .split('\n')
    .find((line) => line.trim())
    ?.trim() ?? text;

/** The sentence for an error, with the stack only when VIVIER_DEBUG is set. */
function explain(error: unknown): { sentence: string; details?: string } {
  if (error instanceof StartError) return { sentence: error.message, details: error.details };
  const message = error instanceof Error ? firstLine(error.message) : String(error);
  return {
    sentence: `Vivier stopped on an unexpected error (${message}); run again with VIVIER_DEBUG=1 for the full trace, and report it if it persists.`,
    details: process.env.VIVIER_DEBUG && error instanceof Error ? error.stack : undefined,
  };
}

/** Prints the sentence (and its details) and exits with status 1. */
export function exitWith(error: unknown): never {
  const { sentence, details } = explain(error);
  if (details) console.error(details);
  console.error(`[vivier] ${sentence}`);
  process.exit(1);
}
