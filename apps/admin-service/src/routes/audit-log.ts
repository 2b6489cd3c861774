import { AuditLogPage, AuditLogQuery } from '@vivier/contracts';
import type { Service } from '@vivier/service-kit';
import type { AuditLog } from '../services/audit-log';

export async function auditLogRoutes(app: Service, { audit }: { audit: Pick<AuditLog, 'list'> }) {
  app.get(
    '/api/admin/audit-log',
    { schema: { querystring: AuditLogQuery, response: { 200: AuditLogPage } } },
    (request) => audit.list(request.query),
  );
}
