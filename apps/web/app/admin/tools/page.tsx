import { ToolsAdmin } from '../../../src/components/admin/tools-admin';

export const metadata = { title: 'Tools · Admin' };

export default function Page() {
  return <ToolsAdmin />;
}
