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
