import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router';
import { AuthProvider } from './auth';
import { Header } from './components/Header';
import { MessagingProvider } from './messaging/MessagingProvider';
import { Conversation } from './pages/Conversation';
import { EventDashboard } from './pages/events/EventDashboard';
import { EventFormPage } from './pages/events/EventForm';
import { Events } from './pages/events/Events';
import { Requests } from './pages/Requests';
import { Search } from './pages/Search';
import { Inbox } from './pages/Inbox';
import { Unsubscribe } from './pages/Unsubscribe';
import { ForgotPassword } from './pages/ForgotPassword';
import { Home } from './pages/Home';
import { Login } from './pages/Login';
import { NotFound } from './pages/NotFound';
import { Profile } from './pages/Profile';
import { ProviderPage } from './pages/ProviderPage';
import { ResetPassword } from './pages/ResetPassword';
import { Signup } from './pages/Signup';
import { Verify } from './pages/Verify';

/** Page layout; after a client-side navigation, focus moves to the main content. */
function Layout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Header />
      <main id="main" ref={main} tabIndex={-1} className="container">
        <Routes>
          <Route path="/" element={<Home />} />
          <Route path="/inscription" element={<Signup />} />
          <Route path="/connexion" element={<Login />} />
          <Route path="/verifier" element={<Verify />} />
          <Route path="/mot-de-passe-oublie" element={<ForgotPassword />} />
          <Route path="/reinitialiser" element={<ResetPassword />} />
          <Route path="/profil" element={<Profile />} />
          <Route path="/prestataires/:id" element={<ProviderPage />} />
          <Route path="/messages" element={<Inbox />} />
          <Route path="/messages/:id" element={<Conversation />} />
          <Route path="/desabonnement" element={<Unsubscribe />} />
          <Route path="/recherche" element={<Search />} />
          <Route path="/evenements" element={<Events />} />
          <Route path="/evenements/nouveau" element={<EventFormPage />} />
          <Route path="/evenements/:id" element={<EventDashboard />} />
          <Route path="/evenements/:id/modifier" element={<EventFormPage />} />
          <Route path="/demandes" element={<Requests />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>
            {t('app.name')} — {t('app.tagline')}
          </p>
        </div>
      </footer>
    </>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <MessagingProvider>
          <Layout />
        </MessagingProvider>
      </AuthProvider>
    </BrowserRouter>
  );
}
