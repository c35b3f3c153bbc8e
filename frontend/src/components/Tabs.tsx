import { useRef, type KeyboardEvent, type ReactNode } from 'react';

/**
 * The tab after a key press on the selected tab (roving tabindex: ArrowLeft/ArrowRight
 * wrap around, Home and End go to the ends), or undefined for any other key.
 */
export function tabForKey<T>(tabs: readonly T[], selected: T, key: string): T | undefined {
  const index = tabs.indexOf(selected);
  if (key === 'ArrowRight') return tabs[(index + 1) % tabs.length];
  if (key === 'ArrowLeft') return tabs[(index + tabs.length - 1) % tabs.length];
  if (key === 'Home') return tabs[0];
  if (key === 'End') return tabs[tabs.length - 1];
  return undefined;
}

/**
 * An accessible tab list and the selected tab's panel: tab `tab-${name}` controls panel
 * `panel-${name}`; the keyboard moves the selection and the focus together.
 */
export function Tabs<T extends string>({
  tabs,
  selected,
  onSelect,
  label,
  tabLabel,
  children,
}: {
  tabs: readonly T[];
  selected: T;
  onSelect: (tab: T) => void;
  /** The tab list's accessible name. */
  label: string;
  tabLabel: (tab: T) => string;
  /** The selected tab's panel content. */
  children: ReactNode;
}) {
  const tabRefs = useRef<Partial<Record<T, HTMLButtonElement | null>>>({});

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    const next = tabForKey(tabs, selected, event.key);
    if (next === undefined) return;
    event.preventDefault();
    onSelect(next);
    tabRefs.current[next]?.focus();
  }

  return (
    <>
      <div role="tablist" aria-label={label} className="tabs">
        {tabs.map((name) => (
          <button
            key={name}
            ref={(el) => {
              tabRefs.current[name] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={selected === name}
            aria-controls={`panel-${name}`}
            tabIndex={selected === name ? 0 : -1}
            className="tab"
            onClick={() => onSelect(name)}
            onKeyDown={onTabKey}
          >
            {tabLabel(name)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${selected}`} aria-labelledby={`tab-${selected}`} className="tab-panel">
        {children}
      </div>
    </>
  );
}
