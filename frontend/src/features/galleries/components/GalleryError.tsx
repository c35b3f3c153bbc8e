import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/common';
import { galleryErrorCode } from '../model';

/** An error of the gallery pages: in their own words for the codes they know, else the generic message. */
export function GalleryError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  const code = galleryErrorCode(error);
  if (!code) return <ErrorMessage error={error} />;
  return (
    <p className="notice notice-error" role="alert">
      {t(`galleryErrors.${code}`)}
    </p>
  );
}
