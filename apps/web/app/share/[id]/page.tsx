import type { Metadata } from 'next';
import { SharedChatView } from '../../../src/components/share/shared-chat-view';

/** A shared chat is public to whoever has the link, never to search engines. */
export const metadata: Metadata = { title: 'Shared chat', robots: { index: false, follow: false } };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <SharedChatView shareId={id} />;
}
