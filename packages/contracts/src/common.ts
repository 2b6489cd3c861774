import { z } from 'zod';

/** Text stored exactly as sent; a NUL character is refused (PostgreSQL cannot store it either). */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain a NUL character');

/** A route's `:id`. Any string: unknown and malformed ids alike are answered 404, never 400. */
export const IdParams = z.object({ id: z.string() });
export type IdParams = z.infer<typeof IdParams>;

export const PaginationQuery = z.object({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type PaginationQuery = z.infer<typeof PaginationQuery>;

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const IsoDate = z.iso.datetime();
