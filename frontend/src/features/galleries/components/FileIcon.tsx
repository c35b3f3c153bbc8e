import { useTranslation } from 'react-i18next';
import type { FileKind } from '../api';

/** What stands for a file without a preview (PDF, video, HEIC…): a sheet with its kind. */
export function FileIcon({ kind, name }: { kind: FileKind; name?: string }) {
  const { t } = useTranslation();
  const extension = name && name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toUpperCase().slice(0, 5) : '';
  return (
    <span className={`file-icon file-icon-${kind}`} role="img" aria-label={t(`gallery.kind.${kind}`)}>
      <svg viewBox="0 0 24 24" width="40" height="40" aria-hidden="true" focusable="false">
        <path d="M6 2h8l6 6v14H6z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
        <path d="M14 2v6h6" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
      </svg>
      <span aria-hidden="true">{extension || t(`gallery.kind.${kind}`)}</span>
    </span>
  );
}
