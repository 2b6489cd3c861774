import { KnowledgeView } from '../../src/components/knowledge/knowledge-view';

export const metadata = { title: 'Knowledge' };

export default function Page() {
  return <KnowledgeView />;
}
