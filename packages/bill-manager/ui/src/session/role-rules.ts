import type { Role, SessionResponse } from '../api/contract.js';

/** What each role may open, mirroring the contract's route table (the server decides; this only hides links). */
export type Area =
  | 'dashboard'
  | 'lines'
  | 'costCentres'
  | 'billRuns'
  | 'exports'
  | 'users'
  | 'watchpoints'
  | 'operator';

const AREAS: Readonly<Record<Role, readonly Area[]>> = {
  company_admin: ['dashboard', 'lines', 'costCentres', 'billRuns', 'exports', 'users', 'watchpoints'],
  cost_centre_manager: ['dashboard', 'lines', 'costCentres', 'exports', 'watchpoints'],
  line_user: ['dashboard', 'lines', 'exports'],
  operator: ['operator'],
};

/** Operator staff with an active break-glass reason may read these, read-only. */
const BREAK_GLASS_AREAS: readonly Area[] = ['dashboard', 'lines', 'costCentres', 'billRuns', 'watchpoints'];

export function canOpen(session: SessionResponse, area: Area): boolean {
  if (AREAS[session.user.role].includes(area)) return true;
  return session.user.role === 'operator' && session.breakGlass !== null && BREAK_GLASS_AREAS.includes(area);
}

/** Operator staff reading under break-glass may look, never change. */
export function isReadOnly(session: SessionResponse): boolean {
  return session.user.role === 'operator';
}

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  company_admin: 'Company administrator',
  cost_centre_manager: 'Cost-centre manager',
  line_user: 'Line user',
  operator: 'Operator staff',
};

/** Where a role lands after signing in. */
export function homePath(session: SessionResponse): string {
  if (session.user.role === 'operator' && session.breakGlass === null) return '/operator/imports';
  return '/';
}
