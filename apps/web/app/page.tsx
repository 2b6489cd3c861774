import { redirect } from 'next/navigation';

/** The chat is the home screen; it sends anyone without a session to the login page. */
export default function HomePage() {
  redirect('/chat');
}
