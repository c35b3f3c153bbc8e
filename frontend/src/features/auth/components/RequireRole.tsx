import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { Loading } from '../../../components/common';
import type { User } from '../../../lib/api-client';
import { useAuth } from '../AuthProvider';

/**
 * Renders `children` for a signed-in user of `role`; sends others to the login page
 * (coming back here afterwards), and tells a user of the other role where to go.
 */
export function RequireRole({ role, children }: { role: 'client' | 'provider'; children: (user: User) => ReactNode }) {
  const { t } = useTranslation();
  const { ready, user } = useAuth();
  const location = useLocation();
  if (!ready) return <Loading />;
  if (!user) return <Navigate to={`/connexion?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (user.role !== role) {
    return (
      <section className="narrow">
        <h1>{t(role === 'client' ? 'guard.clientsOnly' : 'guard.providersOnly')}</h1>
        <p>
          {role === 'client' ? (
            <Link to="/demandes">{t('guard.toRequests')}</Link>
          ) : (
            <Link to="/evenements">{t('guard.toEvents')}</Link>
          )}
        </p>
      </section>
    );
  }
  return <>{children(user)}</>;
}
