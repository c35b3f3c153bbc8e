import { useTranslation } from 'react-i18next';
import { Link, NavLink, useNavigate } from 'react-router';
import { useAuth } from '../features/auth/AuthProvider';
import { useMessaging } from '../features/messaging/MessagingProvider';
import { badgeText } from '../lib/tabBadge';

export function Header() {
  const { t, i18n } = useTranslation();
  const { user, ready, logout } = useAuth();
  const { unread } = useMessaging();
  const count = unread ?? 0;
  const navigate = useNavigate();
  const other = i18n.language === 'en' ? 'fr' : 'en';

  async function onLogout() {
    await logout();
    void navigate('/');
  }

  return (
    <header className="site-header">
      <div className="container header-inner">
        <Link to="/" className="logo" aria-label={`${t('app.name')} – ${t('nav.home')}`}>
          <svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28">
            <rect width="32" height="32" rx="6" fill="currentColor" />
            <path d="M6 22h20v4H6zM9 16h14v4H9zM12 10h8v4h-8z" fill="var(--accent)" />
          </svg>
          <span>{t('app.name')}</span>
        </Link>
        <nav aria-label={t('nav.main')} className="nav">
          <ul>
            <li>
              <NavLink to="/recherche">{t('nav.search')}</NavLink>
            </li>
            {ready && user?.role === 'client' && (
              <>
                <li>
                  <NavLink to="/evenements">{t('nav.events')}</NavLink>
                </li>
                <li>
                  <NavLink to="/reservations">{t('nav.bookings')}</NavLink>
                </li>
                <li>
                  <NavLink to="/projets">{t('nav.projects')}</NavLink>
                </li>
              </>
            )}
            {ready && user?.role === 'provider' && (
              <>
                <li>
                  <NavLink to="/demandes">{t('nav.requests')}</NavLink>
                </li>
                <li>
                  <NavLink to="/calendrier">{t('nav.calendar')}</NavLink>
                </li>
                <li>
                  <NavLink to="/espace-pro">{t('nav.pro')}</NavLink>
                </li>
              </>
            )}
            {ready && user && (
              <>
                <li>
                  <NavLink to="/messages" className="nav-messages">
                    {t('messages.nav')}
                    {count > 0 && (
                      <span className="badge" role="img" aria-label={t('messages.unread', { count })}>
                        {badgeText(count)}
                      </span>
                    )}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/profil">{t('nav.profile')}</NavLink>
                </li>
                <li className="user-name">{t('nav.signedInAs', { name: user.name })}</li>
                <li>
                  <button type="button" className="link-button" onClick={() => void onLogout()}>
                    {t('nav.logout')}
                  </button>
                </li>
              </>
            )}
            {ready && !user && (
              <>
                <li>
                  <NavLink to="/connexion">{t('nav.login')}</NavLink>
                </li>
                <li>
                  <NavLink to="/inscription">{t('nav.signup')}</NavLink>
                </li>
              </>
            )}
            <li>
              <button
                type="button"
                className="lang-switch"
                lang={other}
                onClick={() => void i18n.changeLanguage(other)}
              >
                {other === 'en' ? 'English' : 'Français'}
              </button>
            </li>
          </ul>
        </nav>
      </div>
      <p className="visually-hidden" role="status">
        {ready && user && count > 0 ? t('messages.unread', { count }) : ''}
      </p>
    </header>
  );
}
