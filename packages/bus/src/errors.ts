import { z } from 'zod';

/** Thrown by publish before anything reaches Redis: a bad event is a bug in the publisher. */
export class InvalidBusEventError extends Error {
  readonly stream: string;
  readonly issues: z.core.$ZodIssue[];

  constructor(stream: string, error: z.ZodError) {
    super(`Invalid event for stream "${stream}": ${z.prettifyError(error)}`, { cause: error });
    this.name = 'InvalidBusEventError';
    this.stream = stream;
    this.issues = error.issues;
  }
}

/** A short, single-line description of anything thrown, for logs and the dead-letter record. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Thrown by a handler that gives its entry up without finishing it: another consumer owns it now
 * (it was reclaimed), or this process is handing it back. The entry is neither acked nor
 * dead-lettered: whoever owns it settles it.
 */
export class EntryReleased extends Error {
  constructor(reason: string) {
    super(`bus entry released: ${reason}`);
    this.name = 'EntryReleased';
  }
}
