import { useTranslation } from 'react-i18next';
import { formatInstant } from '../../../lib/dates';
import type { Project, Step } from '../api';
import { timeline } from '../model';

/** The project's history, oldest step first: when, who, from → to, and the note (a cancellation's reason). */
export function Timeline({ project, history }: { project: Project; history: Step[] }) {
  const { t, i18n } = useTranslation();
  const who = (step: Step) => {
    if (step.actor === 'platform') return t('project.platform');
    if (step.actor === project.side) return t('project.you');
    return step.actor === 'client' ? project.client_name : project.provider_name;
  };
  return (
    <ol className="timeline">
      {timeline(history).map((step) => (
        <li key={step.version} className={`timeline-step step-${step.to}`}>
          <time dateTime={new Date(step.at * 1000).toISOString()}>{formatInstant(step.at, i18n.language)}</time>
          <p className="timeline-change">
            {step.from === null ? (
              t('project.stepOpened', { to: t(`projectStatus.${step.to}`) })
            ) : (
              <>
                {t(`projectStatus.${step.from}`)} → <strong>{t(`projectStatus.${step.to}`)}</strong>
              </>
            )}{' '}
            <span className="timeline-who">{t('project.stepBy', { who: who(step) })}</span>
          </p>
          {step.note && <p className="timeline-note">{t('project.stepNote', { note: step.note })}</p>}
        </li>
      ))}
    </ol>
  );
}
