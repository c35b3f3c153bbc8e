import { describe, expect, it } from 'vitest';
import { activeOption, comboReducer, initialCombo, queryFor, type ComboAction, type ComboState } from './combobox';

type S = ComboState<string>;
const run = (state: S, ...actions: ComboAction<string>[]) => actions.reduce<S>((s, a) => comboReducer(s, a), state);
const withResults = (input: string, options: string[]) =>
  run(initialCombo<string>(), { type: 'input', value: input }, { type: 'results', query: input.trim(), options });

describe('queryFor', () => {
  it('asks from two characters, trimmed', () => {
    expect(queryFor('')).toBeNull();
    expect(queryFor(' s ')).toBeNull();
    expect(queryFor('sa')).toBe('sa');
    expect(queryFor('  saint ')).toBe('saint');
  });
});

describe('comboReducer', () => {
  it('opens on results for the current text, with no active option', () => {
    const s = withResults('saint', ['Saint-Étienne', 'Saint-Denis']);
    expect(s).toMatchObject({ input: 'saint', open: true, active: -1, options: ['Saint-Étienne', 'Saint-Denis'] });
    expect(activeOption(s)).toBeUndefined();
  });

  it('drops stale results (an older text)', () => {
    const s = run(initialCombo<string>(), { type: 'input', value: 'sa' }, { type: 'input', value: 'sain' });
    expect(comboReducer(s, { type: 'results', query: 'sa', options: ['Sarlat'] })).toBe(s);
    expect(comboReducer(s, { type: 'results', query: 'sain', options: ['Saint-Lô'] }).options).toEqual(['Saint-Lô']);
  });

  it('stays closed when nothing matches', () => {
    const s = withResults('zzz', []);
    expect(s.open).toBe(false);
    expect(comboReducer(s, { type: 'down' })).toBe(s);
  });

  it('moves the active option down and up, wrapping around', () => {
    const s = withResults('saint', ['a', 'b', 'c']);
    const down = (state: S) => comboReducer(state, { type: 'down' });
    const up = (state: S) => comboReducer(state, { type: 'up' });
    expect(down(s).active).toBe(0);
    expect(down(down(s)).active).toBe(1);
    expect(down(down(down(down(s)))).active).toBe(0);
    expect(up(s).active).toBe(2);
    expect(up(down(s)).active).toBe(2);
    expect(activeOption(down(down(s)))).toBe('b');
    expect(comboReducer(down(s), { type: 'end' }).active).toBe(2);
    expect(comboReducer(up(s), { type: 'home' }).active).toBe(0);
  });

  it('reopens a closed list with the arrow keys', () => {
    const closed = comboReducer(withResults('saint', ['a', 'b']), { type: 'close' });
    expect(closed).toMatchObject({ open: false, active: -1 });
    expect(comboReducer(closed, { type: 'down' })).toMatchObject({ open: true, active: 0 });
    expect(comboReducer(closed, { type: 'up' })).toMatchObject({ open: true, active: 1 });
    expect(comboReducer(closed, { type: 'home' })).toBe(closed);
  });

  it('picking shows the label and forgets the suggestions', () => {
    const s = run(withResults('saint', ['a', 'b']), { type: 'down' }, { type: 'pick', label: 'Saint-Étienne (42)' });
    expect(s).toEqual({ input: 'Saint-Étienne (42)', options: [], query: null, open: false, active: -1 });
  });

  it('typing resets the active option; too short a text clears the list', () => {
    const s = run(withResults('saint', ['a', 'b']), { type: 'down' }, { type: 'input', value: 'saint-' });
    expect(s).toMatchObject({ input: 'saint-', active: -1 });
    expect(comboReducer(s, { type: 'input', value: 's' })).toEqual({ input: 's', options: [], query: null, open: false, active: -1 });
  });

  it('a value set from outside shows its label', () => {
    expect(comboReducer(withResults('or', ['Orléans']), { type: 'reset', label: 'Orléans' })).toMatchObject({ input: 'Orléans', open: false });
  });
});
