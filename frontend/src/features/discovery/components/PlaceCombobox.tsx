import { useEffect, useId, useReducer, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { searchPlaces, type Place } from '../api';
import { activeOption, comboReducer, initialCombo, queryFor } from '../combobox';
import { choiceOf, placeLabel, type PlaceChoice } from '../places';

/** Wait after the last key before asking suggestions. */
const DEBOUNCE_MS = 150;

interface Props {
  id: string;
  label: string;
  value: PlaceChoice | null;
  onChange: (place: PlaceChoice | null) => void;
  required?: boolean;
  hint?: string;
  /** A validation message (already translated). */
  error?: string | undefined;
  /** Every change of the text (e.g. to tell "typed but not chosen" apart from "empty"). */
  onText?: (text: string) => void;
}

/**
 * A city field with suggestions from `GET /api/places?q=`: an ARIA 1.2 combobox with a
 * listbox popup (arrow keys move the active option, Enter chooses it, Escape closes the
 * list, then clears the field). Typing over a chosen city un-chooses it.
 */
export function PlaceCombobox({ id, label, value, onChange, required = false, hint, error, onText }: Props) {
  const { t } = useTranslation();
  const listId = useId();
  const [state, dispatch] = useReducer(comboReducer<Place>, value ? placeLabel(value) : '', initialCombo<Place>);
  const [failed, setFailed] = useState(false);
  const listRef = useRef<HTMLUListElement>(null);
  const valueLabel = value ? placeLabel(value) : null;

  // A value set from outside (initial value, URL, form reset) shows in the field.
  useEffect(() => {
    if (valueLabel !== null) dispatch({ type: 'reset', label: valueLabel });
  }, [valueLabel]);

  // Suggestions for what is typed (not for a chosen city's label).
  const query = value ? null : queryFor(state.input);
  useEffect(() => {
    if (query === null) return;
    let active = true;
    const timer = setTimeout(() => {
      searchPlaces(query).then(
        (answer) => {
          if (!active) return;
          setFailed(false);
          dispatch({ type: 'results', query, options: answer.places ?? [] });
        },
        () => active && setFailed(true),
      );
    }, DEBOUNCE_MS);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [query]);

  // Keep the active option visible in a scrolled list.
  useEffect(() => {
    if (state.active < 0) return;
    const option = listRef.current?.children[state.active];
    if (option instanceof HTMLElement && typeof option.scrollIntoView === 'function') option.scrollIntoView({ block: 'nearest' });
  }, [state.active]);

  function pick(place: Place) {
    const choice = choiceOf(place);
    dispatch({ type: 'pick', label: placeLabel(choice) });
    onChange(choice);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case 'ArrowDown':
        dispatch({ type: 'down' });
        break;
      case 'ArrowUp':
        dispatch({ type: 'up' });
        break;
      case 'Home':
        if (!state.open) return;
        dispatch({ type: 'home' });
        break;
      case 'End':
        if (!state.open) return;
        dispatch({ type: 'end' });
        break;
      case 'Enter': {
        const option = activeOption(state);
        if (!option) return; // submits the form
        pick(option);
        break;
      }
      case 'Escape':
        if (state.open) dispatch({ type: 'close' });
        else if (state.input) {
          dispatch({ type: 'input', value: '' });
          onText?.('');
          if (value) onChange(null);
        } else return;
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  const optionId = (index: number) => `${listId}-option-${index}`;
  const noMatch = !value && query !== null && state.query === query && state.options.length === 0;
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`, (noMatch || failed) && `${id}-status`].filter(Boolean).join(' ');

  return (
    <div className="field combobox">
      <label htmlFor={id}>{label}</label>
      <div className="combobox-wrap">
        <input
          id={id}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={state.open}
          aria-controls={listId}
          aria-activedescendant={state.open && state.active >= 0 ? optionId(state.active) : undefined}
          aria-describedby={describedBy || undefined}
          aria-invalid={error ? true : undefined}
          autoComplete="off"
          autoCapitalize="words"
          spellCheck={false}
          required={required}
          value={state.input}
          onChange={(e) => {
            dispatch({ type: 'input', value: e.target.value });
            onText?.(e.target.value);
            if (value) onChange(null);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => dispatch({ type: 'close' })}
        />
        <ul id={listId} ref={listRef} role="listbox" aria-label={label} className="combobox-list" hidden={!state.open}>
          {state.options.map((place, index) => (
            <li
              key={place.code}
              id={optionId(index)}
              role="option"
              aria-selected={index === state.active}
              className={index === state.active ? 'combobox-option active' : 'combobox-option'}
              // Keep the focus in the field (no blur before the click).
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(place)}
            >
              {place.name} <span className="combobox-dept">({place.department_code})</span>
            </li>
          ))}
        </ul>
      </div>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {(noMatch || failed) && (
        <p className="hint" id={`${id}-status`}>
          {failed ? t('places.failed') : t('places.none', { q: query })}
        </p>
      )}
      <p className="visually-hidden" role="status">
        {state.open ? t('places.count', { count: state.options.length }) : ''}
      </p>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
