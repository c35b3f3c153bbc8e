/**
 * State of an autocomplete combobox (WAI-ARIA "combobox with listbox popup"), kept pure
 * so it can be tested: what is typed, the suggestions for it, whether the list is open
 * and which option is active (announced through `aria-activedescendant`).
 */

export interface ComboState<T> {
  /** The text of the field. */
  input: string;
  /** The suggestions for `query`. */
  options: T[];
  /** The text the suggestions answer (null: none asked yet, or the text is too short). */
  query: string | null;
  open: boolean;
  /** Index of the active option, -1 for none. */
  active: number;
}

export type ComboAction<T> =
  /** The person typed (or pasted, or cleared). */
  | { type: 'input'; value: string }
  /** Suggestions arrived for `query`; stale ones (for an older text) are dropped. */
  | { type: 'results'; query: string; options: T[] }
  | { type: 'down' }
  | { type: 'up' }
  | { type: 'home' }
  | { type: 'end' }
  /** Escape, blur, or a choice made elsewhere. */
  | { type: 'close' }
  /** An option was chosen: the field shows `label`. */
  | { type: 'pick'; label: string }
  /** The selected value was set from outside (e.g. the form's initial value). */
  | { type: 'reset'; label: string };

/** Suggestions are asked from this many characters (after trimming). */
export const MIN_QUERY = 2;

export function initialCombo<T>(input = ''): ComboState<T> {
  return { input, options: [], query: null, open: false, active: -1 };
}

/** The text to ask suggestions for, or null when it is too short. */
export function queryFor(input: string): string | null {
  const q = input.trim();
  return q.length >= MIN_QUERY ? q : null;
}

export function comboReducer<T>(state: ComboState<T>, action: ComboAction<T>): ComboState<T> {
  const count = state.options.length;
  switch (action.type) {
    case 'input':
      if (queryFor(action.value) === null) return { input: action.value, options: [], query: null, open: false, active: -1 };
      return { ...state, input: action.value, active: -1 };
    case 'results':
      if (action.query !== queryFor(state.input)) return state;
      return { ...state, options: action.options, query: action.query, open: action.options.length > 0, active: -1 };
    case 'down':
      if (count === 0) return state;
      if (!state.open) return { ...state, open: true, active: 0 };
      return { ...state, active: (state.active + 1) % count };
    case 'up':
      if (count === 0) return state;
      if (!state.open) return { ...state, open: true, active: count - 1 };
      return { ...state, active: state.active <= 0 ? count - 1 : state.active - 1 };
    case 'home':
      return state.open && count > 0 ? { ...state, active: 0 } : state;
    case 'end':
      return state.open && count > 0 ? { ...state, active: count - 1 } : state;
    case 'close':
      return state.open || state.active !== -1 ? { ...state, open: false, active: -1 } : state;
    case 'pick':
    case 'reset':
      // The suggestions stay (a later arrow key reopens them) but answer another text now.
      return { input: action.label, options: [], query: null, open: false, active: -1 };
    default:
      return state;
  }
}

/** The option Enter would choose: the active one, else none. */
export function activeOption<T>(state: ComboState<T>): T | undefined {
  return state.open && state.active >= 0 ? state.options[state.active] : undefined;
}
