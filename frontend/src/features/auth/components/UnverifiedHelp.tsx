import { ApiError } from '../../../lib/api-client';
import { useAuth } from '../AuthProvider';
import { ResendVerification } from './ResendVerification';

/** Under an error: when it says the email is not confirmed yet, a button to resend the link. */
export function UnverifiedHelp({ error }: { error: unknown }) {
  const { user } = useAuth();
  if (!(error instanceof ApiError) || error.code !== 'email_unverified') return null;
  return user ? <ResendVerification email={user.email} /> : <ResendVerification />;
}
