import { adminMetadata } from '../../../src/components/admin/admin-metadata';
import { ToolsAdmin } from '../../../src/components/admin/tools-admin';

export const generateMetadata = adminMetadata('tools');

export default function Page() {
  return <ToolsAdmin />;
}
