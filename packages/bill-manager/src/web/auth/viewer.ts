import type { Role } from '../api-contract.js';

/** An active break-glass grant: operator staff reading one company, read-only, for a while. */
export interface ActiveBreakGlass {
  readonly id: string;
  readonly tenantId: string;
  readonly companyName: string;
  readonly reason: string;
  readonly startedAt: Date;
  readonly expiresAt: Date;
}

/** The signed-in user behind a request, as its session row says. */
export interface Viewer {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  /** The user's company; null for operator staff. */
  readonly tenantId: string | null;
  readonly companyName: string | null;
  readonly costCentreId: string | null;
  readonly costCentreName: string | null;
  readonly lineId: string | null;
  readonly lineMsisdn: string | null;
  readonly totpEnabled: boolean;
  readonly session: {
    readonly tokenHash: Buffer;
    readonly csrfToken: string;
    readonly expiresAt: Date;
    readonly breakGlass: ActiveBreakGlass | null;
  };
}

/** What a request may read: the whole company, a cost-centre subtree, or one line. */
export type ViewerScope =
  | { readonly kind: 'company' }
  | { readonly kind: 'cost_centre'; readonly costCentreId: string }
  | { readonly kind: 'line'; readonly lineId: string };
