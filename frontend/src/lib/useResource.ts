import { useEffect, useRef, useState, type DependencyList } from 'react';

export interface Resource<T> {
  /** Null until the answer came (and again while `deps` changed and the new one is on its way). */
  data: T | null;
  error: unknown;
  /** Replaces the value shown, e.g. with what a save returned. */
  setData: (data: T) => void;
}

/**
 * One value loaded on mount and whenever `deps` change; `load` null loads nothing. The value
 * shown is dropped when `deps` change, and an answer to an older load, or one arriving after
 * the component is gone, is ignored.
 */
export function useResource<T>(load: (() => Promise<T>) | null, deps: DependencyList): Resource<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown }>({ data: null, error: null });
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });

  useEffect(() => {
    const fetch = latest.current;
    setState({ data: null, error: null });
    if (!fetch) return;
    let active = true;
    fetch().then(
      (data) => active && setState({ data, error: null }),
      (error: unknown) => active && setState({ data: null, error }),
    );
    return () => {
      active = false;
    };
  }, deps); // the caller's deps name what `load` fetches

  return { ...state, setData: (data: T) => setState({ data, error: null }) };
}
