import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { onSessionChange, refresh, type User } from '../../lib/api-client';
import * as api from './api';

interface AuthValue {
  /** False until the session restore (refresh cookie) has answered. */
  ready: boolean;
  user: User | null;
  login: (email: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    const unsubscribe = onSessionChange(setUser);
    let active = true;
    refresh()
      .catch(() => undefined)
      .finally(() => {
        if (active) setReady(true);
      });
    return () => {
      active = false;
      unsubscribe();
    };
  }, []);

  const value = useMemo<AuthValue>(
    () => ({
      ready,
      user,
      login: async (email, password) => (await api.login(email, password)).user,
      logout: () => api.logout().catch(() => undefined),
    }),
    [ready, user],
  );

  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
