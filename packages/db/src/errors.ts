import { Prisma } from './generated/prisma/client';

/**
 * True for a unique-constraint violation (Prisma P2002), e.g. registering an email that exists.
 * With `fields`, only when the violated constraint covers exactly those columns (order ignored).
 */
export function isUniqueViolation(error: unknown, fields?: readonly string[]): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return false;
  if (!fields) return true;
  const violated = violatedFields(error.meta);
  return violated.length === fields.length && fields.every((field) => violated.includes(field));
}

// Through a driver adapter, P2002 reports the columns under meta.driverAdapterError…constraint
// rather than the classic engine's meta.target; accept both shapes.
function violatedFields(meta: Record<string, unknown> | undefined): string[] {
  if (Array.isArray(meta?.target)) return meta.target.map(String);
  const cause = (meta?.driverAdapterError as { cause?: { constraint?: { fields?: unknown } } } | undefined)
    ?.cause;
  const constraintFields = cause?.constraint?.fields;
  return Array.isArray(constraintFields)
    ? constraintFields.map((field) => String(field).replaceAll('"', ''))
    : [];
}
