import { SharedChatView } from '../../../src/components/share/shared-chat-view';
import { pageTitle } from '../../../src/i18n/page-title';

/** A shared chat is public to whoever has the link, never to search engines. */
export const generateMetadata = pageTitle('share', { robots: { index: false, follow: false } });

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <SharedChatView shareId={id} />;
}
