import type { BreakGlass } from '../api/contract.js';
import { formatDateTime } from '../format/format-usage.js';

/** Operator staff reading a customer's bills always see why, for whom, and until when. */
export function BreakGlassBanner({ breakGlass }: { readonly breakGlass: BreakGlass }) {
  return (
    <section className="alert alert-warn break-glass-banner" aria-label="Break-glass access">
      <div>
        <strong>Break-glass access to {breakGlass.companyName}</strong> — read-only, recorded, until{' '}
        {formatDateTime(breakGlass.expiresAt)}. Reason: “{breakGlass.reason}”
      </div>
    </section>
  );
}
