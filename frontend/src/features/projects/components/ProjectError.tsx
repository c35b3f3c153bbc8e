import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/common';
import { ApiError } from '../../../lib/api-client';
import { attemptsLeft, projectErrorCode } from '../model';

/** An error of the project pages: in their own words for the codes they know, else the generic message. */
export function ProjectError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  const code = projectErrorCode(error);
  if (!code) return <ErrorMessage error={error} />;
  const message = error instanceof ApiError ? error.message : '';
  let text: string;
  if (code === 'wrong_code') {
    const left = attemptsLeft(message);
    text = left === null ? t('projectErrors.wrong_code') : t('wrongCode', { count: left });
  } else if (code === 'unknown_variable') {
    text = t('projectErrors.unknown_variable', { name: /\{\{[^}]*\}\}/u.exec(message)?.[0] ?? message });
  } else if (code === 'invalid_template') {
    text = t('projectErrors.invalid_template', { open: '{{', close: '}}' });
  } else text = t(`projectErrors.${code}`);
  return (
    <p className="notice notice-error" role="alert">
      {text}
    </p>
  );
}
