/**
 * The app-wide unread state: the total of unread messages of the signed-in user,
 * fed by the API (`GET /api/me/unread`, `POST …/read`) and by live events.
 */

import type { LiveEvent } from './live';

export interface UnreadState {
  /** Null until the first answer (nothing is shown yet). */
  total: number | null;
}

export type UnreadAction =
  | LiveEvent
  /** An answer of the API that carries the total (`unread_total`). */
  | { type: 'total'; unread_total: number }
  /** Logout: nothing is known any more. */
  | { type: 'reset' };

export const initialUnread: UnreadState = { total: null };

function valid(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

export function unreadReducer(state: UnreadState, action: UnreadAction): UnreadState {
  switch (action.type) {
    case 'reset':
      return state.total === null ? state : initialUnread;
    case 'total':
    case 'unread':
      return valid(action.unread_total) && action.unread_total !== state.total ? { total: action.unread_total } : state;
    case 'message':
      // The recipient's copy carries the new total; the sender's (other tabs) does not.
      return valid(action.unread_total) && action.unread_total !== state.total ? { total: action.unread_total } : state;
    default:
      return state;
  }
}
