import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DayPicker, type Matcher } from 'react-day-picker';
import { enGB } from 'react-day-picker/locale/en-GB';
import { fr } from 'react-day-picker/locale/fr';
import 'react-day-picker/style.css';
import { dateOfIso, formatDate, formatMonth, isoOfDate, monthOf } from '../../../lib/dates';

/**
 * One month of `react-day-picker` (an ARIA grid: arrow keys move between the days that
 * are not disabled, Page Up / Page Down change month, Enter or Space picks), in the page's
 * language, Monday first, days as YYYY-MM-DD. Each day button reads its full date
 * ("samedi 14 mars 2026"), then what `describe` says of it.
 */
export function MonthCalendar({
  month,
  onMonthChange,
  selected,
  onSelect,
  isDisabled,
  marks,
  describe,
  fromMonth,
  toMonth,
  footer,
}: {
  /** YYYY-MM */
  month: string;
  onMonthChange: (month: string) => void;
  selected: string | null;
  onSelect: (date: string | null) => void;
  isDisabled?: (date: string) => boolean;
  /** Modifier name (a class `day-<name>` on its days) → its days. */
  marks?: Record<string, string[]>;
  /** What the day's label adds after its date (e.g. "2 réservations"), if anything. */
  describe?: (date: string) => string;
  fromMonth?: string;
  toMonth?: string;
  /** Shown under the grid, in a polite live region. */
  footer?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const locale = lang.startsWith('fr') ? fr : enGB;

  const modifiers = useMemo(() => {
    const out: Record<string, Date[]> = {};
    for (const [name, days] of Object.entries(marks ?? {})) out[name] = days.map(dateOfIso);
    return out;
  }, [marks]);
  const modifiersClassNames = useMemo(
    () => Object.fromEntries(Object.keys(marks ?? {}).map((name) => [name, `day-${name}`])),
    [marks],
  );
  const disabled: Matcher | undefined = isDisabled ? (date: Date) => isDisabled(isoOfDate(date)) : undefined;

  return (
    <div className="calendar-box">
      <DayPicker
        mode="single"
        locale={locale}
        weekStartsOn={1}
        className="month-calendar"
        month={dateOfIso(`${month}-01`)}
        onMonthChange={(date) => onMonthChange(monthOf(isoOfDate(date)))}
        selected={selected ? dateOfIso(selected) : undefined}
        onSelect={(date) => onSelect(date ? isoOfDate(date) : null)}
        {...(disabled ? { disabled } : {})}
        {...(fromMonth ? { startMonth: dateOfIso(`${fromMonth}-01`) } : {})}
        {...(toMonth ? { endMonth: dateOfIso(`${toMonth}-01`) } : {})}
        modifiers={modifiers}
        modifiersClassNames={modifiersClassNames}
        footer={footer}
        labels={{
          labelDayButton: (date, flags) => {
            const iso = isoOfDate(date);
            const parts = [formatDate(iso, lang)];
            if (flags.today) parts.push(t('calendar.today'));
            const more = describe?.(iso);
            if (more) parts.push(more);
            if (flags.selected) parts.push(t('calendar.selected'));
            return parts.join(', ');
          },
          labelGrid: (date) => formatMonth(monthOf(isoOfDate(date)), lang),
          labelNav: () => t('calendar.nav'),
          labelNext: (date) => (date ? t('calendar.next', { month: formatMonth(monthOf(isoOfDate(date)), lang) }) : t('calendar.noNext')),
          labelPrevious: (date) =>
            date ? t('calendar.previous', { month: formatMonth(monthOf(isoOfDate(date)), lang) }) : t('calendar.noPrevious'),
        }}
      />
    </div>
  );
}
