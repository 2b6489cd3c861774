import { isId, type IdKind } from '@vivier/contracts';

/**
 * The caller's row by id, or `notFound()` for a malformed id, an unknown one and another user's
 * alike (the contract's 404 for others' ids): `find` runs only for a well-formed id and must
 * look the row up with the caller's user id in its condition.
 */
export async function findOwnedRow<Row>(
  kind: IdKind,
  id: string,
  find: () => Promise<Row | null>,
  notFound: () => Error,
): Promise<Row> {
  if (!isId(kind, id)) throw notFound();
  const row = await find();
  if (!row) throw notFound();
  return row;
}
