import { describe, expect, it } from 'vitest';
import { centsToEuroInput, eurosToCents, formatPrice, MAX_PRICE_CENTS } from './money';

describe('eurosToCents', () => {
  it.each([
    ['600', 60000],
    ['0', 0],
    ['600,5', 60050],
    ['600,50', 60050],
    ['600.05', 60005],
    ['1 200', 120000],
    ['1\u202f200,99', 120099],
    [' 45 € ', 4500],
    ['1000000', MAX_PRICE_CENTS],
  ])('parses %j as %d cents', (input, cents) => {
    expect(eurosToCents(input)).toBe(cents);
  });

  it.each(['', 'abc', '-5', '12,345', '1,2,3', '1000000,01', '99999999999', '1e3', ','])(
    'rejects %j',
    (input) => {
      expect(eurosToCents(input)).toBeNull();
    },
  );
});

describe('centsToEuroInput', () => {
  it('writes whole euros without decimals', () => {
    expect(centsToEuroInput(60000, 'fr')).toBe('600');
  });
  it('uses the language decimal separator', () => {
    expect(centsToEuroInput(60050, 'fr')).toBe('600,50');
    expect(centsToEuroInput(60005, 'en')).toBe('600.05');
  });
  it('round-trips through eurosToCents', () => {
    for (const cents of [0, 1, 99, 100, 12345, 60050, MAX_PRICE_CENTS]) {
      expect(eurosToCents(centsToEuroInput(cents, 'fr'))).toBe(cents);
      expect(eurosToCents(centsToEuroInput(cents, 'en'))).toBe(cents);
    }
  });
});

describe('formatPrice', () => {
  it('formats in French with the euro sign after the amount', () => {
    expect(formatPrice(60000, 'fr').replace(/\s/gu, ' ')).toBe('600 €');
    expect(formatPrice(60050, 'fr').replace(/\s/gu, ' ')).toBe('600,50 €');
  });
  it('formats in English', () => {
    expect(formatPrice(60050, 'en')).toBe('€600.50');
  });
});
