import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/common';
import { answerRequest, type ProviderRequest, type RequestAnswer } from '../api';
import { defaultValidUntil, quoteInput, todayIso, type QuoteDraft, type QuoteErrors } from '../model';

type Mode = null | 'accept' | 'decline' | 'quote';

/**
 * The provider's answer to a pending request: accept, decline (with an optional reason)
 * or quote (price in euros, what is included, valid until).
 */
export function AnswerRequest({
  request,
  eventDate,
  onAnswered,
}: {
  request: ProviderRequest;
  eventDate: string;
  onAnswered: (request: ProviderRequest) => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>(null);
  const [reason, setReason] = useState('');
  const today = todayIso();
  const [quote, setQuote] = useState<QuoteDraft>(() => ({ price: '', included: '', valid_until: defaultValidUntil(today, eventDate) }));
  const [errors, setErrors] = useState<QuoteErrors>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const base = `answer-${request.event_id}-${request.provider_id}`.replace(/[^A-Za-z0-9_-]/gu, '_');

  async function send(answer: RequestAnswer) {
    setBusy(true);
    setError(null);
    try {
      const answered = await answerRequest(request.event_id, request.provider_id, answer);
      onAnswered(answered.request);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  function onQuote(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const converted = quoteInput(quote, today);
    if (!converted.ok) {
      setErrors(converted.errors);
      const first = (['price', 'valid_until'] as const).find((f) => converted.errors[f]);
      if (first) document.getElementById(`${base}-${first}`)?.focus();
      return;
    }
    setErrors({});
    void send(converted.answer);
  }

  function choose(next: Mode) {
    setMode(next);
    setError(null);
  }

  const quoteError = (field: 'price' | 'valid_until') => {
    const code = errors[field];
    return code ? t(`answer.errors.${field}.${code}` as 'answer.errors.price.required') : '';
  };

  return (
    <div className="answer">
      <div className="answer-choices" role="group" aria-label={t('answer.label')}>
        <button type="button" className="button button-small" aria-expanded={mode === 'quote'} onClick={() => choose(mode === 'quote' ? null : 'quote')}>
          {t('answer.quote')}
        </button>
        <button type="button" className="button button-secondary button-small" aria-expanded={mode === 'accept'} onClick={() => choose(mode === 'accept' ? null : 'accept')}>
          {t('answer.accept')}
        </button>
        <button type="button" className="button button-secondary button-small" aria-expanded={mode === 'decline'} onClick={() => choose(mode === 'decline' ? null : 'decline')}>
          {t('answer.decline')}
        </button>
      </div>

      {mode === 'accept' && (
        <div className="answer-form">
          <p>{t('answer.acceptHint')}</p>
          <button type="button" className="button" disabled={busy} onClick={() => void send({ action: 'accept' })}>
            {t('answer.acceptConfirm')}
          </button>
        </div>
      )}

      {mode === 'decline' && (
        <form
          className="answer-form"
          onSubmit={(e) => {
            e.preventDefault();
            void send(reason.trim() ? { action: 'decline', reason: reason.trim() } : { action: 'decline' });
          }}
        >
          <div className="field">
            <label htmlFor={`${base}-reason`}>{t('answer.reason')}</label>
            <textarea id={`${base}-reason`} rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {t('answer.declineConfirm')}
          </button>
        </form>
      )}

      {mode === 'quote' && (
        <form className="answer-form" noValidate onSubmit={onQuote}>
          <div className="field">
            <label htmlFor={`${base}-price`}>{t('answer.price')}</label>
            <input
              id={`${base}-price`}
              inputMode="decimal"
              className="price-input"
              required
              value={quote.price}
              aria-invalid={errors.price ? true : undefined}
              aria-describedby={[`${base}-price-hint`, errors.price ? `${base}-price-error` : ''].filter(Boolean).join(' ')}
              onChange={(e) => setQuote((q) => ({ ...q, price: e.target.value }))}
            />
            <p className="hint" id={`${base}-price-hint`}>
              {t('answer.priceHint')}
            </p>
            {errors.price && (
              <p className="field-error" id={`${base}-price-error`}>
                {quoteError('price')}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor={`${base}-included`}>{t('answer.included')}</label>
            <textarea
              id={`${base}-included`}
              rows={3}
              maxLength={5000}
              value={quote.included}
              aria-describedby={`${base}-included-hint`}
              onChange={(e) => setQuote((q) => ({ ...q, included: e.target.value }))}
            />
            <p className="hint" id={`${base}-included-hint`}>
              {t('answer.includedHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${base}-valid_until`}>{t('answer.validUntil')}</label>
            <input
              id={`${base}-valid_until`}
              type="date"
              className="date-input"
              required
              min={today}
              value={quote.valid_until}
              aria-invalid={errors.valid_until ? true : undefined}
              aria-describedby={errors.valid_until ? `${base}-valid_until-error` : undefined}
              onChange={(e) => setQuote((q) => ({ ...q, valid_until: e.target.value }))}
            />
            {errors.valid_until && (
              <p className="field-error" id={`${base}-valid_until-error`}>
                {quoteError('valid_until')}
              </p>
            )}
          </div>
          <button type="submit" className="button" disabled={busy}>
            {t('answer.quoteConfirm')}
          </button>
        </form>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
