import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

/** One page of a cursor-paginated list; `next_cursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/** Appends a page to the rows already shown. */
export type MergePage<T> = (rows: T[], more: T[]) => T[];

/** The plain merge: the page after the rows. */
export function appendAll<T>(rows: T[], more: T[]): T[] {
  return [...rows, ...more];
}

/** Appends the rows of a page not shown yet (by id): a row may move between pages while one reads. */
export function appendNew<T extends { id: string }>(rows: T[], more: T[]): T[] {
  const seen = new Set(rows.map((r) => r.id));
  return [...rows, ...more.filter((r) => !seen.has(r.id))];
}

export interface PagedList<T> {
  /** Null until the first page came. */
  items: T[] | null;
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => Promise<void>;
  /** (Re)loads the first page, keeping the rows shown until it comes; later pages are dropped. */
  reload: () => void;
  /** Replaces the rows (live updates); `items` follows at the next render. */
  setItems: (items: T[] | null) => void;
  /** The latest rows, even before a render (live events may come faster than renders). */
  itemsRef: { readonly current: T[] | null };
}

/**
 * A cursor-paginated list: the first page on mount and whenever `deps` change (the rows
 * shown are dropped then), the next pages on `loadMore`. Answers to requests made for
 * older `deps`, or before a `reload`, are ignored.
 */
export function usePagedList<T>(
  fetchPage: (cursor?: string) => Promise<Page<T>>,
  deps: DependencyList,
  merge: MergePage<T> = appendAll,
): PagedList<T> {
  const [items, setItemsState] = useState<T[] | null>(null);
  const itemsRef = useRef<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const generation = useRef(0);
  const latest = useRef({ fetchPage, merge });
  useEffect(() => {
    latest.current = { fetchPage, merge };
  });

  const setItems = useCallback((next: T[] | null) => {
    itemsRef.current = next;
    setItemsState(next);
  }, []);

  const reload = useCallback(() => {
    const current = ++generation.current;
    latest.current.fetchPage().then(
      (page) => {
        if (current !== generation.current) return;
        setItems(page.items);
        setCursor(page.next_cursor);
        setError(null);
      },
      (e: unknown) => current === generation.current && setError(e),
    );
  }, [setItems]);

  useEffect(() => {
    setItems(null);
    setCursor(null);
    setError(null);
    reload();
    return () => {
      generation.current += 1;
    };
    // The caller's deps say when `fetchPage` asks for another list.
  }, deps);

  async function loadMore() {
    if (!cursor) return;
    const current = generation.current;
    setLoadingMore(true);
    try {
      const page = await latest.current.fetchPage(cursor);
      if (current !== generation.current) return;
      setItems(latest.current.merge(itemsRef.current ?? [], page.items));
      setCursor(page.next_cursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
  }

  return { items, error, hasMore: Boolean(cursor), loadingMore, loadMore, reload, setItems, itemsRef };
}
