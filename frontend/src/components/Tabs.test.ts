import { describe, expect, it } from 'vitest';
import { tabForKey } from './Tabs';

const TABS = ['pending', 'answered', 'expired', 'closed'] as const;

describe('tabForKey', () => {
  it('moves right and left, wrapping around', () => {
    expect(tabForKey(TABS, 'pending', 'ArrowRight')).toBe('answered');
    expect(tabForKey(TABS, 'closed', 'ArrowRight')).toBe('pending');
    expect(tabForKey(TABS, 'answered', 'ArrowLeft')).toBe('pending');
    expect(tabForKey(TABS, 'pending', 'ArrowLeft')).toBe('closed');
  });

  it('goes to the ends with Home and End', () => {
    expect(tabForKey(TABS, 'expired', 'Home')).toBe('pending');
    expect(tabForKey(TABS, 'answered', 'End')).toBe('closed');
  });

  it('ignores other keys', () => {
    expect(tabForKey(TABS, 'pending', 'ArrowDown')).toBeUndefined();
    expect(tabForKey(TABS, 'pending', 'Enter')).toBeUndefined();
    expect(tabForKey(TABS, 'pending', 'a')).toBeUndefined();
  });

  it('works with two tabs', () => {
    expect(tabForKey(['active', 'archived'], 'active', 'ArrowLeft')).toBe('archived');
    expect(tabForKey(['active', 'archived'], 'archived', 'ArrowRight')).toBe('active');
  });
});
