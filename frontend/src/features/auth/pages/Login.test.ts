import { describe, expect, it } from 'vitest';
import { safeNext } from './Login';

describe('safeNext', () => {
  it('follows same-site paths', () => {
    expect(safeNext('/prestataires/abc')).toBe('/prestataires/abc');
  });
  it('refuses other sites and defaults to the profile', () => {
    expect(safeNext(null)).toBe('/profil');
    expect(safeNext('https://evil.example')).toBe('/profil');
    expect(safeNext('//evil.example')).toBe('/profil');
    expect(safeNext('/\\evil.example')).toBe('/profil');
  });
});
