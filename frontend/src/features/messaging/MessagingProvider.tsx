import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { setTabUnread } from '../../lib/tabBadge';
import { useAuth } from '../auth/AuthProvider';
import * as api from './api';
import { LiveClient, socketUrl, WS_BASE, type LiveEvent, type LiveStatus } from './live';
import { initialUnread, unreadReducer } from './unread';

/** What pages hear: live events, and `sync` when they should catch up (reconnect, poll). */
export type MessagingEvent = LiveEvent | { type: 'sync' };

interface MessagingValue {
  /** Unread messages of the signed-in user; null while unknown. */
  unread: number | null;
  status: LiveStatus;
  /** Records a total answered by the API (e.g. by mark-read). */
  setUnread: (total: number) => void;
  subscribe: (listener: (event: MessagingEvent) => void) => () => void;
}

const MessagingContext = createContext<MessagingValue | null>(null);

/** The live connection and the unread total, while someone is signed in. */
export function MessagingProvider({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const userId = user?.id ?? null;
  const [state, dispatch] = useReducer(unreadReducer, initialUnread);
  const [status, setStatus] = useState<LiveStatus>('stopped');
  const listeners = useRef(new Set<(event: MessagingEvent) => void>());

  const subscribe = useCallback((listener: (event: MessagingEvent) => void) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const emit = useCallback((event: MessagingEvent) => {
    for (const listener of [...listeners.current]) listener(event);
  }, []);

  useEffect(() => {
    if (!userId) {
      dispatch({ type: 'reset' });
      return;
    }
    let active = true;
    const fetchUnread = () => {
      api.getUnread().then(
        (answer) => active && dispatch({ type: 'total', unread_total: answer.unread_total }),
        () => undefined,
      );
    };
    const client = new LiveClient({
      ticket: async () => (await api.wsTicket()).ticket,
      url: (ticket) => socketUrl(WS_BASE, ticket, window.location),
      onEvent: (event) => {
        dispatch(event);
        emit(event);
      },
      onSync: () => {
        fetchUnread();
        emit({ type: 'sync' });
      },
      onStatus: setStatus,
    });
    fetchUnread();
    client.start();
    const retry = () => client.retryNow();
    const onVisible = () => {
      if (document.visibilityState === 'visible') client.retryNow();
    };
    window.addEventListener('online', retry);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      active = false;
      window.removeEventListener('online', retry);
      document.removeEventListener('visibilitychange', onVisible);
      client.stop();
      dispatch({ type: 'reset' });
    };
  }, [userId, emit]);

  useEffect(() => {
    setTabUnread(state.total ?? 0);
  }, [state.total]);

  const value = useMemo<MessagingValue>(
    () => ({
      unread: state.total,
      status,
      setUnread: (total) => dispatch({ type: 'total', unread_total: total }),
      subscribe,
    }),
    [state.total, status, subscribe],
  );

  return <MessagingContext value={value}>{children}</MessagingContext>;
}

export function useMessaging(): MessagingValue {
  const value = useContext(MessagingContext);
  if (!value) throw new Error('useMessaging outside MessagingProvider');
  return value;
}

/** Calls `listener` for each messaging event while the component is mounted. */
export function useMessagingEvents(listener: (event: MessagingEvent) => void): void {
  const { subscribe } = useMessaging();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}
