import type { User } from '@vivier/contracts';
import { create } from 'zustand';

type AuthStatus = 'loading' | 'authenticated' | 'anonymous';

interface AuthStore {
  status: AuthStatus;
  user: User | null;
  signedIn(user: User): void;
  signedOut(): void;
}

export const useAuthStore = create<AuthStore>()((set) => ({
  status: 'loading',
  user: null,
  signedIn: (user) => set({ status: 'authenticated', user }),
  signedOut: () => set({ status: 'anonymous', user: null }),
}));
