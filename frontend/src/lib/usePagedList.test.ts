import { describe, expect, it } from 'vitest';
import { appendAll, appendNew } from './usePagedList';

const row = (id: string, n = 0) => ({ id, n });

describe('appendAll', () => {
  it('puts the page after the rows, as they come', () => {
    expect(appendAll([1, 2], [2, 3])).toEqual([1, 2, 2, 3]);
    expect(appendAll([], [1])).toEqual([1]);
  });
});

describe('appendNew', () => {
  it('drops the rows of the page already shown, keeping the shown copy', () => {
    const merged = appendNew([row('a', 1), row('b', 1)], [row('b', 2), row('c', 2)]);
    expect(merged).toEqual([row('a', 1), row('b', 1), row('c', 2)]);
  });

  it('keeps the order of both lists and does not touch its arguments', () => {
    const rows = [row('x')];
    const more = [row('z'), row('y')];
    expect(appendNew(rows, more).map((r) => r.id)).toEqual(['x', 'z', 'y']);
    expect(rows).toEqual([row('x')]);
    expect(more).toEqual([row('z'), row('y')]);
  });

  it('appends to no rows', () => {
    expect(appendNew([], [row('a')])).toEqual([row('a')]);
  });
});
