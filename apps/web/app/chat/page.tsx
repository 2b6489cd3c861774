import { ChatScreen } from '../../src/components/chat/chat-screen';

export const metadata = { title: 'New chat' };

export default function NewChatPage() {
  return <ChatScreen chatId={null} />;
}
