import { adminMetadata } from '../../../src/components/admin/admin-metadata';
import { AuditLogList } from '../../../src/components/admin/audit-log-list';

export const generateMetadata = adminMetadata('auditLog');

export default function Page() {
  return <AuditLogList />;
}
