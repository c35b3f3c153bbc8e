import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  dateOfIso,
  daysOfMonth,
  formatDate,
  formatDateTime,
  formatMinutes,
  formatMonth,
  isoOfDate,
  monthOf,
  weekdayIndex,
} from './dates';

describe('calendar days and months', () => {
  it('moves days and months across their ends', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30'); // across the change to summer time
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-03', 24)).toBe('2028-03');
    expect(monthOf('2026-03-14')).toBe('2026-03');
  });

  it('lists the days of a month', () => {
    expect(daysOfMonth('2026-02')).toHaveLength(28);
    expect(daysOfMonth('2028-02').at(-1)).toBe('2028-02-29');
    expect(daysOfMonth('2026-03')[0]).toBe('2026-03-01');
  });

  it('numbers weekdays Monday first, like the API', () => {
    expect(weekdayIndex('2026-03-09')).toBe(0); // a Monday
    expect(weekdayIndex('2026-03-14')).toBe(5); // a Saturday
    expect(weekdayIndex('2026-03-15')).toBe(6); // a Sunday
  });

  it('turns calendar days into local dates and back', () => {
    for (const iso of ['2026-03-29', '2026-10-25', '2026-12-31', '2028-02-29']) expect(isoOfDate(dateOfIso(iso))).toBe(iso);
    expect(dateOfIso('2026-03-14').getDate()).toBe(14);
  });

  it('reads dates, months and durations in French and English', () => {
    expect(formatDate('2026-03-14', 'fr')).toBe('samedi 14 mars 2026');
    expect(formatDate('2026-03-14', 'en')).toMatch(/^Saturday,? 14 March 2026$/u); // the comma depends on the ICU version
    expect(formatMonth('2026-03', 'fr')).toBe('mars 2026');
    expect(formatMonth('2026-03', 'en')).toBe('March 2026');
    expect(formatMinutes(45, 'fr')).toBe('45\u00a0min');
    expect(formatMinutes(45, 'en')).toBe('45 min');
    expect(formatMinutes(60, 'fr')).toBe('1\u00a0h');
    expect(formatMinutes(90, 'fr')).toBe('1\u00a0h\u00a030');
    expect(formatMinutes(90, 'en')).toBe('1 h 30 min');
  });
});

describe('formatDateTime', () => {
  it('reads an instant in full, with its year and time', () => {
    const at = new Date(2026, 11, 21, 14, 5).getTime() / 1000;
    expect(formatDateTime(at, 'fr')).toBe('lundi 21 décembre 2026 à 14:05');
    expect(formatDateTime(at, 'en')).toBe('Monday, 21 December 2026 at 14:05');
  });
});
