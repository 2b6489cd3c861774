/**
 * A `timestamp(3)` (without time zone) parameter for raw SQL: the columns hold UTC wall time, so
 * pass the UTC wall time as text and cast it (`${sqlUtc(date)}::timestamp(3)`), never a zoned
 * value whose meaning would follow the session's TimeZone.
 */
export const sqlUtc = (date: Date): string => date.toISOString().replace('Z', '');
