/**
 * The server's API types, imported as types only: the bundle carries no server code (nor zod).
 * Everything the UI knows about the wire comes through here.
 */
import type { API_ROUTES, ApiRouteName } from '../../../src/web/api-contract.js';

export type {
  AuditResponse,
  BillRun,
  BillRunsResponse,
  BreakGlass,
  BreakGlassRequest,
  ChangePasswordRequest,
  CostCentresResponse,
  CreateUserRequest,
  CreateWatchpointRequest,
  DashboardResponse,
  DeliveriesResponse,
  ErrorCode,
  ExportsResponse,
  ImportRejectedProblem,
  ImportReport,
  ImportsResponse,
  ItemisedRecordRow,
  LineDetailResponse,
  LineRow,
  LinesQuery,
  LinesResponse,
  MonthSpend,
  OperatorCompaniesResponse,
  RecordsQuery,
  RecordsResponse,
  Role,
  Scope,
  SessionResponse,
  SignInRequest,
  TopNumbersResponse,
  TotpEnrolResponse,
  TypeSpend,
  UpdateUserRequest,
  UpdateWatchpointRequest,
  User,
  UsersResponse,
  Watchpoint,
  WatchpointsResponse,
} from '../../../src/web/api-contract.js';

type RoutePath<Name extends ApiRouteName> = (typeof API_ROUTES)[Name]['path'];

/**
 * The paths the UI calls, checked against the contract at compile time: if the server renames a
 * route, `npm run check:ui` fails here rather than the browser getting a 404.
 */
export const PATHS = {
  session: '/api/session',
  signOutEverywhere: '/api/session/sign-out-everywhere',
  changePassword: '/api/session/password',
  totpEnrol: '/api/session/totp/enrol',
  totpVerify: '/api/session/totp/verify',
  dashboard: '/api/dashboard',
  lines: '/api/lines',
  line: '/api/lines/:lineId',
  lineRecords: '/api/lines/:lineId/records',
  lineTopNumbers: '/api/lines/:lineId/top-numbers',
  costCentres: '/api/cost-centres',
  billRuns: '/api/bill-runs',
  exports: '/api/exports',
  exportItemised: '/api/exports/itemised.csv',
  exportLines: '/api/exports/lines.csv',
  exportCostCentres: '/api/exports/cost-centres.csv',
  users: '/api/users',
  updateUser: '/api/users/:userId',
  resetPassword: '/api/users/:userId/password',
  audit: '/api/audit',
  watchpoints: '/api/watchpoints',
  updateWatchpoint: '/api/watchpoints/:watchpointId',
  watchpointDeliveries: '/api/watchpoints/deliveries',
  operatorImports: '/api/operator/imports',
  operatorCompanies: '/api/operator/companies',
  operatorCreateUpload: '/api/operator/bill-runs',
  operatorUploadFile: '/api/operator/bill-runs/:uploadId/files/:name',
  operatorImport: '/api/operator/bill-runs/:uploadId/import',
  breakGlassStart: '/api/operator/break-glass',
} as const satisfies { readonly [Name in ApiRouteName]?: RoutePath<Name> };

export const CSRF_HEADER = 'x-csrf-token';

/** Fill `:name` parameters; each value is an opaque id, so it is encoded, never parsed. */
export function pathTo(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`pathTo: missing :${name}`);
    return encodeURIComponent(value);
  });
}
