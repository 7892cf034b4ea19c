import { useCallback, useState } from 'react';
import { ApiError, describeError } from './api-error.js';

export interface Mutation<Args extends unknown[]> {
  readonly run: (...args: Args) => Promise<boolean>;
  readonly busy: boolean;
  readonly error: string | null;
  readonly reset: () => void;
}

/** A state change with its busy flag and a readable error (400s list the fields at fault). */
export function useMutation<Args extends unknown[]>(
  action: (...args: Args) => Promise<unknown>,
): Mutation<Args> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (...args: Args) => {
      setBusy(true);
      setError(null);
      try {
        await action(...args);
        return true;
      } catch (caught) {
        const issues = caught instanceof ApiError ? caught.problem.issues : undefined;
        setError(
          Array.isArray(issues) && issues.length > 0
            ? `${describeError(caught)} (${issues.join('; ')})`
            : describeError(caught),
        );
        return false;
      } finally {
        setBusy(false);
      }
    },
    [action],
  );
  return { run, busy, error, reset: useCallback(() => setError(null), []) };
}
