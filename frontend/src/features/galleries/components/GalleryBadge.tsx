import { useTranslation } from 'react-i18next';
import type { Gallery } from '../api';
import { isExpired } from '../model';

/** Brouillon / Livrée / Expirée. */
export function GalleryBadge({ gallery }: { gallery: Gallery }) {
  const { t } = useTranslation();
  if (gallery.status === 'delivered' && isExpired(gallery)) return <span className="state state-neutral">{t('galleries.status.expired')}</span>;
  return <span className={`state ${gallery.status === 'delivered' ? 'state-success' : 'state-waiting'}`}>{t(`galleries.status.${gallery.status}`)}</span>;
}
