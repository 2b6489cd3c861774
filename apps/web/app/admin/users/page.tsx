import { UsersTable } from '../../../src/components/admin/users-table';

export const metadata = { title: 'Users · Admin' };

export default function Page() {
  return <UsersTable />;
}
