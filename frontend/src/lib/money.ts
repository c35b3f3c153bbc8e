/** Conversions between the euro amounts people type and the API's `price_cents`. */

/** The API's upper bound for `price_cents` (1 000 000 €). */
export const MAX_PRICE_CENTS = 100_000_000;

/**
 * Parses an amount in euros as typed by a person ("600", "600,50", "1 200.5", "600 €")
 * into integer cents. Returns `null` for anything that is not a non-negative amount
 * with at most two decimals, or that exceeds {@link MAX_PRICE_CENTS}.
 */
export function eurosToCents(input: string): number | null {
  const cleaned = input
    .trim()
    .replace(/€$/u, '')
    .replace(/[\s\u00a0\u202f]/gu, '');
  const match = /^(\d+)(?:[.,](\d{1,2}))?$/u.exec(cleaned);
  if (!match) return null;
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').padEnd(2, '0');
  if (whole.length > 9) return null;
  const cents = Number(whole) * 100 + Number(fraction);
  return cents <= MAX_PRICE_CENTS ? cents : null;
}

/** Formats cents for an input field: "600", "600,50" (French) or "600.50" (English). */
export function centsToEuroInput(cents: number, lang: string): string {
  const whole = Math.trunc(cents / 100);
  const rest = cents % 100;
  if (rest === 0) return String(whole);
  const separator = lang.startsWith('fr') ? ',' : '.';
  return `${whole}${separator}${String(rest).padStart(2, '0')}`;
}

/** Formats cents for display: "600 €" / "€600.50" depending on the language. */
export function formatPrice(cents: number, lang: string): string {
  const locale = lang.startsWith('fr') ? 'fr-FR' : 'en-GB';
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: cents % 100 === 0 ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(cents / 100);
}
