import { ChatScreen } from '../../src/components/chat/chat-screen';
import { pageTitle } from '../../src/i18n/page-title';

export const generateMetadata = pageTitle('newChat');

export default function NewChatPage() {
  return <ChatScreen chatId={null} />;
}
