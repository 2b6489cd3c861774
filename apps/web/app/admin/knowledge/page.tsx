import { adminMetadata } from '../../../src/components/admin/admin-metadata';
import { KnowledgeSharing } from '../../../src/components/admin/knowledge-sharing';

export const generateMetadata = adminMetadata('knowledge');

export default function Page() {
  return <KnowledgeSharing />;
}
