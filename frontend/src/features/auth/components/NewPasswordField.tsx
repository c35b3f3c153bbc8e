import { useTranslation } from 'react-i18next';

/** Shortest password the API accepts (docs/API.md). */
export const MIN_PASSWORD = 10;

interface Props {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  name?: string;
  /** Shows the length rule under the field (not under a confirmation). */
  withHint?: boolean;
  invalid?: boolean;
}

/** A field for a new password: at least {@link MIN_PASSWORD} characters, offered to password managers. */
export function NewPasswordField({ id, label, value, onChange, name, withHint = true, invalid }: Props) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD}
        aria-describedby={withHint ? `${id}-hint` : undefined}
        aria-invalid={invalid}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {withHint && (
        <p className="hint" id={`${id}-hint`}>
          {t('signup.passwordHint', { count: MIN_PASSWORD })}
        </p>
      )}
    </div>
  );
}
