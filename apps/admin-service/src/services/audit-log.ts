import { newId, type AuditEntry, type AuditLogPage, type AuditLogQuery } from '@vivier/contracts';
import { Prisma, type AdminDb } from '@vivier/db';
import { decodeKeysetCursor, encodeKeysetCursor } from '@vivier/service-kit';

/** A JSON snapshot of a target; callers redact secrets before they get here. */
export type AuditSnapshot = Record<string, unknown> | null;

export interface AuditRecord {
  actorId: string;
  action: string;
  targetType:
    | 'user'
    | 'provider'
    | 'settings'
    | 'plan'
    | 'oidc-provider'
    | 'invite'
    | 'group'
    | 'preset'
    | 'mcp-server'
    | 'knowledge-base';
  targetId: string;
  before: AuditSnapshot;
  after: AuditSnapshot;
}

const jsonOrNull = (snapshot: AuditSnapshot) =>
  snapshot === null ? Prisma.DbNull : (JSON.parse(JSON.stringify(snapshot)) as Prisma.InputJsonObject);

/** The row Prisma writes for one record (for `createMany` inside another service's transaction). */
export function auditRow(record: AuditRecord): Prisma.AuditLogCreateManyInput {
  return {
    id: newId('audit'),
    actorId: record.actorId,
    action: record.action,
    targetType: record.targetType,
    targetId: record.targetId,
    before: jsonOrNull(record.before),
    after: jsonOrNull(record.after),
  };
}

const asSnapshot = (value: Prisma.JsonValue | null): AuditSnapshot =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;

/** The append-only trail of admin actions. */
/**
 * The current email of each of these users (auth-service owns User; this is a read, through
 * $queryRaw like the stats, one query per page). Users since deleted are simply absent.
 */
async function emailsOf(db: Pick<AdminDb, '$queryRaw'>, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.$queryRaw<Array<{ id: string; email: string }>>(
    Prisma.sql`SELECT "id", "email" FROM "User" WHERE "id" IN (${Prisma.join(userIds)})`,
  );
  return new Map(rows.map((row) => [row.id, row.email]));
}

export function createAuditLog(deps: { db: Pick<AdminDb, 'auditLog' | '$queryRaw'> }) {
  return {
    async record(record: AuditRecord): Promise<void> {
      await deps.db.auditLog.create({ data: auditRow(record) });
    },

    /** Newest first; keyset pagination on (createdAt, id), served by the AuditLog(createdAt) index. */
    async list(query: AuditLogQuery): Promise<AuditLogPage> {
      const after = query.cursor ? decodeKeysetCursor(query.cursor) : undefined;
      const rows = await deps.db.auditLog.findMany({
        where: after
          ? {
              OR: [
                { createdAt: { lt: after.createdAt } },
                { createdAt: after.createdAt, id: { lt: after.id } },
              ],
            }
          : {},
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const userIds = new Set(
        page.flatMap((row) => (row.targetType === 'user' ? [row.actorId, row.targetId] : [row.actorId])),
      );
      const emails = await emailsOf(deps.db, [...userIds]);
      const items: AuditEntry[] = page.map((row) => ({
        id: row.id,
        actorId: row.actorId,
        actorEmail: emails.get(row.actorId) ?? null,
        action: row.action,
        targetType: row.targetType,
        targetId: row.targetId,
        targetEmail: row.targetType === 'user' ? (emails.get(row.targetId) ?? null) : null,
        before: asSnapshot(row.before),
        after: asSnapshot(row.after),
        createdAt: row.createdAt.toISOString(),
      }));
      return {
        items,
        nextCursor: rows.length > query.limit && last ? encodeKeysetCursor(last.createdAt, last.id) : null,
      };
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
