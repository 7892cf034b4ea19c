import type { ReactNode } from 'react';
import { ApiError, describeError } from '../api/api-error.js';
import type { Query } from '../api/use-api-query.js';
import { NotFoundView } from './not-found-view.js';

export function LoadingBlock({
  label = 'Loading',
  lines = 3,
}: {
  readonly label?: string;
  readonly lines?: number;
}) {
  return (
    <div className="card" role="status" aria-live="polite" aria-busy="true">
      <span className="visually-hidden">{label}…</span>
      <div className="loading-lines" aria-hidden="true">
        {Array.from({ length: lines }, (_, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity.
          <span key={index} className="skeleton" />
        ))}
      </div>
    </div>
  );
}

export function ErrorBlock({ error, onRetry }: { readonly error: unknown; readonly onRetry?: () => void }) {
  return (
    <div className="alert alert-error" role="alert">
      <div>
        <strong>We couldn’t load this.</strong> {describeError(error)}{' '}
        {onRetry ? (
          <button type="button" className="button-link" onClick={onRetry}>
            Try again
          </button>
        ) : null}
      </div>
    </div>
  );
}

/**
 * Renders a query's three states. A 404 (missing, foreign or out of scope) becomes the
 * not-found page; a 403 for the role, the forbidden page; anything else an error with a retry.
 */
export function QueryView<T>({
  query,
  children,
  loading,
}: {
  readonly query: Query<T>;
  readonly children: (data: T) => ReactNode;
  readonly loading?: ReactNode;
}) {
  if (query.status === 'error') {
    const { error } = query;
    if (error instanceof ApiError && error.isNotFound) return <NotFoundView />;
    if (error instanceof ApiError && error.code === 'ERR_WEB_FORBIDDEN')
      return <NotFoundView kind="forbidden" />;
    if (error instanceof ApiError && error.code === 'ERR_WEB_BREAK_GLASS_REQUIRED')
      return <NotFoundView kind="forbidden" />;
    return <ErrorBlock error={error} onRetry={query.reload} />;
  }
  if (query.data === undefined) return <>{loading ?? <LoadingBlock />}</>;
  return <>{children(query.data)}</>;
}
