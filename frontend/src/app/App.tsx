import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, Route, Routes, useLocation } from 'react-router';
import { AuthProvider } from '../features/auth/AuthProvider';
import { ForgotPassword } from '../features/auth/pages/ForgotPassword';
import { Login } from '../features/auth/pages/Login';
import { ResetPassword } from '../features/auth/pages/ResetPassword';
import { Signup } from '../features/auth/pages/Signup';
import { Verify } from '../features/auth/pages/Verify';
import { Home } from '../features/discovery/pages/Home';
import { Search } from '../features/discovery/pages/Search';
import { EventDashboard } from '../features/events/pages/EventDashboard';
import { EventFormPage } from '../features/events/pages/EventForm';
import { Events } from '../features/events/pages/Events';
import { Requests } from '../features/events/pages/Requests';
import { MessagingProvider } from '../features/messaging/MessagingProvider';
import { Conversation } from '../features/messaging/pages/Conversation';
import { Inbox } from '../features/messaging/pages/Inbox';
import { Unsubscribe } from '../features/messaging/pages/Unsubscribe';
import { Profile } from '../features/profiles/pages/Profile';
import { ProviderPage } from '../features/profiles/pages/ProviderPage';
import { Loading } from '../components/common';
import { Header } from './Header';
import { NotFound } from './NotFound';

// The calendar pages carry the date picker (react-day-picker and date-fns): loaded when opened.
const ProviderCalendar = lazy(() => import('../features/calendar/pages/ProviderCalendar').then((m) => ({ default: m.ProviderCalendar })));
const MyBookings = lazy(() => import('../features/calendar/pages/MyBookings').then((m) => ({ default: m.MyBookings })));
// The project pages (contracts, templates, the pro area, verification): loaded when opened.
const Projects = lazy(() => import('../features/projects/pages/Projects').then((m) => ({ default: m.Projects })));
const ProjectPage = lazy(() => import('../features/projects/pages/ProjectPage').then((m) => ({ default: m.ProjectPage })));
const ProDashboard = lazy(() => import('../features/projects/pages/ProDashboard').then((m) => ({ default: m.ProDashboard })));
const Templates = lazy(() => import('../features/projects/pages/Templates').then((m) => ({ default: m.Templates })));
const VerifyContract = lazy(() => import('../features/projects/pages/VerifyContract').then((m) => ({ default: m.VerifyContract })));
// A project's gallery (the provider's editor loads Uppy in a chunk of its own).
const GalleryPage = lazy(() => import('../features/galleries/pages/GalleryPage').then((m) => ({ default: m.GalleryPage })));

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
        <Suspense fallback={<Loading />}>
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
            <Route path="/calendrier" element={<ProviderCalendar />} />
            <Route path="/reservations" element={<MyBookings />} />
            <Route path="/projets" element={<Projects />} />
            <Route path="/projets/:id" element={<ProjectPage />} />
            <Route path="/projets/:id/galeries/:galleryId" element={<GalleryPage />} />
            <Route path="/espace-pro" element={<ProDashboard />} />
            <Route path="/modeles-de-contrat" element={<Templates />} />
            <Route path="/verifier-un-contrat" element={<VerifyContract />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>
            {t('app.name')} — {t('app.tagline')} · <Link to="/verifier-un-contrat">{t('verifyContract.footer')}</Link>
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
