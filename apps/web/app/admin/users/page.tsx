import { adminMetadata } from '../../../src/components/admin/admin-metadata';
import { UsersTable } from '../../../src/components/admin/users-table';

export const generateMetadata = adminMetadata('users');

export default function Page() {
  return <UsersTable />;
}
