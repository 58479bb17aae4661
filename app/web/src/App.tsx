import { useLayoutEffect } from 'react';
import { isSignedIn } from './auth';
import { ChatPage } from './components/ChatPage';
import { LoginPage } from './components/LoginPage';
import { navigate, parseRoute, usePathname } from './router';

function Redirect({ to }: { to: string }) {
  useLayoutEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

export function App() {
  const route = parseRoute(usePathname());
  if (route.name === 'login') return <LoginPage />;
  if (!isSignedIn()) return <Redirect to="/login" />;
  if (route.name === 'chat') return <ChatPage threadId={route.threadId} />;
  return <Redirect to="/chat" />;
}
