import { useState } from 'react';
import { UnverifiedHelp } from '../../auth/components/UnverifiedHelp';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorMessage } from '../../../components/common';
import { startConversation, type ConversationAbout } from '../api';

/**
 * "Écrire": opens (or finds) the conversation with the other party of a request, about
 * its event, and goes to it. A client names the provider, a provider the client (who
 * invited it, so the API lets it write first).
 */
export function WriteButton({
  to,
  name,
  about,
}: {
  to: { provider_id: string } | { client_id: string };
  name: string;
  about: ConversationAbout;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function write() {
    setBusy(true);
    setError(null);
    try {
      const { conversation } = await startConversation({ ...to, about });
      void navigate(`/messages/${encodeURIComponent(conversation.id)}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="button button-secondary" disabled={busy} aria-label={t('dashboard.writeLabel', { name })} onClick={() => void write()}>
        {t('dashboard.write')}
      </button>
      {error !== null && <><ErrorMessage error={error} /><UnverifiedHelp error={error} /></>}
    </>
  );
}
