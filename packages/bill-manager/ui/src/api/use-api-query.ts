import { useCallback, useEffect, useRef, useState } from 'react';
import { useSession } from '../session/session-context.js';
import type { ApiClient } from './create-api-client.js';

export type QueryState<T> =
  | { readonly status: 'loading'; readonly data?: T }
  | { readonly status: 'error'; readonly error: unknown; readonly data?: T }
  | { readonly status: 'ready'; readonly data: T };

export type Query<T> = QueryState<T> & { readonly reload: () => void };

/**
 * Loads `load` whenever `key` changes (null: do nothing yet), cancelling the request it replaces,
 * so a slow answer for an old filter never overwrites a newer one.
 */
export function useApiQuery<T>(
  key: string | null,
  load: (api: ApiClient, signal: AbortSignal) => Promise<T>,
): Query<T> {
  const { api } = useSession();
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is the reload trigger; `load` is read through a ref so callers may pass inline functions.
  useEffect(() => {
    if (key === null) return undefined;
    const controller = new AbortController();
    setState((previous) => ({ status: 'loading', data: previous.data }));
    loadRef.current(api, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setState((previous) => ({ status: 'error', error, data: previous.data }));
      },
    );
    return () => controller.abort();
  }, [api, key, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload };
}
