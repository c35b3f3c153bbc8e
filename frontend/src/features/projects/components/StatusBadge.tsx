import { useTranslation } from 'react-i18next';
import type { ProjectStatus } from '../api';
import { statusTone } from '../model';

export function StatusBadge({ status }: { status: ProjectStatus }) {
  const { t } = useTranslation();
  return <span className={`state state-${statusTone(status)}`}>{t(`projectStatus.${status}`)}</span>;
}
