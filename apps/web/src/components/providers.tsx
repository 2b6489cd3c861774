'use client';

import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../lib/api';
import { apiClient } from '../lib/api-client';
import { createQueryClient } from '../lib/query-client';
import { onStreamingSessionEnded, stopAllStreams } from '../lib/streaming';
import { useAuthStore } from '../stores/auth-store';
import { Notices } from './ui/notices';
import { ThemeSync } from './theme/theme-sync';

/** On load: exchange the refresh cookie for an access token, then learn who we are. */
function SessionBootstrap() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const { signedIn, signedOut } = useAuthStore.getState();
    const endSession = () => {
      stopAllStreams();
      queryClient.clear();
      useAuthStore.getState().signedOut();
    };
    const unsubscribe = apiClient.onSessionEnded(endSession);
    onStreamingSessionEnded(endSession);
    if (useAuthStore.getState().status === 'loading') {
      void (async () => {
        const token = await apiClient.refresh().catch(() => null);
        if (!token) return signedOut();
        const { user } = await api.auth.me();
        signedIn(user);
      })().catch(() => signedOut());
    }
    return unsubscribe;
  }, [queryClient]);
  return null;
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <SessionBootstrap />
      <ThemeSync />
      {children}
      <Notices />
    </QueryClientProvider>
  );
}
