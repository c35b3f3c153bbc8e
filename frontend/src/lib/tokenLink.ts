import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';

export type TokenLinkState = 'pending' | 'done' | { error: unknown };

/**
 * The `?token=` of an emailed link, and the outcome of running `action` with it
 * once (verify an address, unsubscribe...). `token` is null when the link has none.
 */
export function useTokenLink(action: (token: string) => Promise<unknown>): {
  token: string | null;
  state: TokenLinkState;
} {
  const [params] = useSearchParams();
  const token = params.get('token');
  const [state, setState] = useState<TokenLinkState>('pending');

  useEffect(() => {
    if (!token) return;
    let active = true;
    action(token).then(
      () => active && setState('done'),
      (error: unknown) => active && setState({ error }),
    );
    return () => {
      active = false;
    };
    // `action` is a module-level function of the page: the token alone drives the call.
  }, [token]);

  return { token, state };
}
