import { Link } from 'react-router';

/**
 * What a missing page, a missing record and another company's record all look like: the server
 * answers those the same 404, and so does the UI (it never hints that something exists).
 */
export function NotFoundView({ kind = 'not-found' }: { readonly kind?: 'not-found' | 'forbidden' }) {
  const forbidden = kind === 'forbidden';
  return (
    <section className="card not-found" aria-labelledby="not-found-title" data-testid={`page-${kind}`}>
      <p className="not-found-code">{forbidden ? 'Not available' : 'Page not found'}</p>
      <h1 id="not-found-title">
        {forbidden ? 'Your role doesn’t include this page' : 'We can’t find that page'}
      </h1>
      <p className="muted">
        {forbidden
          ? 'Ask your company administrator if you need access to it.'
          : 'It may have moved, or it isn’t part of what your account can see. Check the address, or start again from your dashboard.'}
      </p>
      <Link className="button" to="/">
        Go to your dashboard
      </Link>
    </section>
  );
}
