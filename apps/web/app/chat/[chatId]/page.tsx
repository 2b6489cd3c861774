import { ChatScreen } from '../../../src/components/chat/chat-screen';
import { pageTitle } from '../../../src/i18n/page-title';

export const generateMetadata = pageTitle('chat');

export default async function ChatPage({ params }: { params: Promise<{ chatId: string }> }) {
  const { chatId } = await params;
  return <ChatScreen key={chatId} chatId={chatId} />;
}
