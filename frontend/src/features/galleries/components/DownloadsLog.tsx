import { useTranslation } from 'react-i18next';
import type { Download } from '../api';
import { downloadsNewestFirst, formatWhen, isoInstant } from '../model';

/** « Qui a téléchargé quoi et quand »: the proof of delivery, newest first. */
export function DownloadsLog({ downloads }: { downloads: Download[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="gallery-downloads" aria-labelledby="downloads-title">
      <h2 id="downloads-title">{t('gallery.downloads')}</h2>
      <p className="hint">{t('gallery.downloadsHint')}</p>
      {downloads.length === 0 ? (
        <p>{t('gallery.downloadsNone')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="downloads-title">
          <table className="downloads-table">
            <thead>
              <tr>
                <th scope="col">{t('gallery.when')}</th>
                <th scope="col">{t('gallery.who')}</th>
                <th scope="col">{t('gallery.what')}</th>
              </tr>
            </thead>
            <tbody>
              {downloadsNewestFirst(downloads).map((d, i) => (
                <tr key={`${d.at}-${i}`}>
                  <td>
                    <time dateTime={isoInstant(d.at)}>{formatWhen(d.at, i18n.language)}</time>
                  </td>
                  <td>
                    {d.user_name} <span className="hint">({t(`gallery.side.${d.side}`)})</span>
                  </td>
                  <td>{d.what === 'archive' ? t('gallery.whatArchive', { name: d.name }) : t('gallery.whatFile', { name: d.name })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
