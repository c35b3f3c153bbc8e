import { describe, expect, it } from 'vitest';
import { badgeText, formatTitle } from './tabBadge';

describe('formatTitle', () => {
  it('puts the count in front, and nothing at 0', () => {
    expect(formatTitle('Messages · Estrade', 3)).toBe('(3) Messages · Estrade');
    expect(formatTitle('Estrade', 1)).toBe('(1) Estrade');
    expect(formatTitle('Estrade', 0)).toBe('Estrade');
    expect(formatTitle('Estrade', -2)).toBe('Estrade');
    expect(formatTitle('Estrade', Number.NaN)).toBe('Estrade');
  });
  it('caps large counts', () => {
    expect(formatTitle('Estrade', 99)).toBe('(99) Estrade');
    expect(formatTitle('Estrade', 100)).toBe('(99+) Estrade');
  });
});

describe('badgeText', () => {
  it('shows 1…max then max+', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(5)).toBe('5');
    expect(badgeText(150)).toBe('99+');
    expect(badgeText(9, 9)).toBe('9');
    expect(badgeText(10, 9)).toBe('9+');
  });
});
