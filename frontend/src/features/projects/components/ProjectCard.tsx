import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../../lib/dates';
import { formatPrice } from '../../../lib/money';
import type { Project } from '../api';
import { awaitsMySignature } from '../model';
import { StatusBadge } from './StatusBadge';

/** "samedi 14 mars 2026, 10:00 – 11:00" or "samedi 14 mars 2026 (journée entière)". */
export function useProjectWhen(): (project: Pick<Project, 'date' | 'start' | 'end'>) => string {
  const { t, i18n } = useTranslation();
  return (p) => {
    const date = formatDate(p.date, i18n.language);
    if (p.start && p.end) return t('project.whenAt', { date, start: p.start, end: p.end });
    if (p.start) return t('project.whenStart', { date, start: p.start });
    return t('project.whenDay', { date });
  };
}

/** One project in a list: title, the other party, when, where, price, status; its title links to its page. */
export function ProjectCard({ project: p, headingLevel = 2 }: { project: Project; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const when = useProjectWhen();
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const toSign = awaitsMySignature(p);
  return (
    <li className={`card project-card project-${p.status}`}>
      <article aria-labelledby={`project-${p.id}`}>
        <div className="request-head">
          <H id={`project-${p.id}`} className="project-card-title">
            <Link to={`/projets/${encodeURIComponent(p.id)}`}>{p.event_name ? `${p.title} – ${p.event_name}` : p.title}</Link>
          </H>
          <StatusBadge status={p.status} />
        </div>
        <p>{p.side === 'client' ? t('projects.provider', { name: p.provider_name }) : t('projects.client', { name: p.client_name })}</p>
        <p>
          <time dateTime={p.date}>{when(p)}</time>
        </p>
        <p className="card-place">{p.place ?? t('project.noPlace')}</p>
        {p.price_cents !== undefined && <p className="card-price">{formatPrice(p.price_cents, i18n.language)}</p>}
        {toSign && <p className="state state-waiting">{t('projects.toSign')}</p>}
      </article>
    </li>
  );
}
