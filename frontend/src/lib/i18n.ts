import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en';
import fr, { type Messages } from '../locales/fr';
import { ApiError } from './api-client';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const STORAGE_KEY = 'estrade.lang';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The saved choice, else French (the users are French; English is a switch). */
export function initialLanguage(storage: Pick<Storage, 'getItem'> | undefined): Language {
  try {
    const saved = storage?.getItem(STORAGE_KEY);
    return isLanguage(saved) ? saved : 'fr';
  } catch {
    return 'fr';
  }
}

export function setupI18n(): typeof i18next {
  const storage = typeof localStorage === 'undefined' ? undefined : localStorage;
  const lng = initialLanguage(storage);
  i18next.on('languageChanged', (language) => {
    if (typeof document !== 'undefined') document.documentElement.lang = language;
    try {
      storage?.setItem(STORAGE_KEY, language);
    } catch {
      // Private mode or storage disabled: the choice lasts for this page only.
    }
  });
  void i18next.use(initReactI18next).init({
    resources: { fr: { translation: fr }, en: { translation: en } },
    lng,
    fallbackLng: 'fr',
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
  return i18next;
}

export type ErrorCode = keyof Messages['errors'];

/** The translation key and interpolation values for an error shown to a person. */
export function describeError(error: unknown): { key: `errors.${ErrorCode}`; message: string } {
  if (error instanceof ApiError) {
    if (error.code !== 'title' && error.code !== 'unknown' && Object.hasOwn(fr.errors, error.code)) {
      return { key: `errors.${error.code as ErrorCode}`, message: error.message };
    }
    return { key: 'errors.unknown', message: error.message };
  }
  return { key: 'errors.unknown', message: error instanceof Error ? error.message : String(error) };
}
