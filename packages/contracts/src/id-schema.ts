import { z } from 'zod';
import { idPatternOf, type IdKind } from './ids';

/** Matches an id of the given kind; anything else is treated as "not found" by routes. */
export function idSchema(kind: IdKind) {
  return z.string().regex(idPatternOf(kind), `must be a ${kind} id`);
}
