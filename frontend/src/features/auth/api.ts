/** Accounts and sessions: sign-up, login, email verification, password reset (docs/API.md). */
import { oncePerKey, request, setSession, type Session, type User } from '../../lib/api-client';

export async function login(email: string, password: string): Promise<Session> {
  const session = await request<Session>('POST', '/api/auth/login', { body: { email, password } });
  setSession(session);
  return session;
}

export async function logout(): Promise<void> {
  try {
    await request<void>('POST', '/api/auth/logout');
  } finally {
    setSession(null);
  }
}

export function signup(input: {
  email: string;
  password: string;
  role: 'client' | 'provider';
  name: string;
  /** Language of the emails sent to the account ("fr" or "en"). */
  lang?: string;
}): Promise<{ user: User }> {
  return request('POST', '/api/auth/signup', { body: input });
}

/** Verifies an email token. A token is sent once, even if a page asks twice. */
export const verifyEmail: (token: string) => Promise<{ user: User }> = oncePerKey((token) =>
  request<{ user: User }>('POST', '/api/auth/verify-email', { body: { token } }),
);

/** Mails a new verification link if the account exists and is unverified (always 202). */
export function resendVerification(email: string): Promise<void> {
  return request('POST', '/api/auth/verify-email/resend', { body: { email } });
}

export function requestPasswordReset(email: string): Promise<void> {
  return request('POST', '/api/auth/password-reset', { body: { email } });
}

export function confirmPasswordReset(token: string, password: string): Promise<void> {
  return request('POST', '/api/auth/password-reset/confirm', { body: { token, password } });
}

export function getMe(): Promise<{ user: User }> {
  return request('GET', '/api/me', { auth: true });
}
