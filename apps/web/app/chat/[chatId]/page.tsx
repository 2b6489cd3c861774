import { ChatScreen } from '../../../src/components/chat/chat-screen';

export const metadata = { title: 'Chat' };

export default async function ChatPage({ params }: { params: Promise<{ chatId: string }> }) {
  const { chatId } = await params;
  return <ChatScreen key={chatId} chatId={chatId} />;
}
