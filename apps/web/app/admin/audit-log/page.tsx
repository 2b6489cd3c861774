import { AuditLogList } from '../../../src/components/admin/audit-log-list';

export const metadata = { title: 'Audit log · Admin' };

export default function Page() {
  return <AuditLogList />;
}
