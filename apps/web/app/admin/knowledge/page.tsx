import { KnowledgeSharing } from '../../../src/components/admin/knowledge-sharing';

export const metadata = { title: 'Knowledge · Admin' };

export default function Page() {
  return <KnowledgeSharing />;
}
