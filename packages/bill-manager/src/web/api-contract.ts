/**
 * The Bill Manager web API: every route, who may call it, and the shapes it takes and answers.
 * The server validates against these schemas and the React UI imports the types. This module
 * imports nothing but zod, so the UI's bundler can take it as it is.
 *
 * Conventions
 * - Every path is under `/api`. JSON in and out (`application/json`), except the downloads
 *   (`text/csv`, `application/pdf`) and the operator's CSV uploads (`text/csv`).
 * - Session: an HttpOnly, SameSite=Strict cookie set by `POST /api/session`; the UI never sees it.
 * - CSRF: every request that is not GET/HEAD carries `x-csrf-token: <csrfToken>` (from the
 *   session answer); a missing or wrong token answers 403 `ERR_WEB_CSRF`. Sign-in needs none
 *   (no session yet) but, like every state change, must come from the app's own origin.
 * - Ids are opaque strings (`ObjectId`): treat them as tokens, never parse them. An id of another
 *   company, an id outside what the user may see and a missing id all answer the same 404.
 * - Money is integer minor units (pence) with its `currency`; times are ISO 8601 strings;
 *   periods are `YYYY-MM`; numbers (`msisdn`, `calledNumber`) are E.164 (`+447700900100`).
 * - Errors are `application/problem+json` (`Problem`) with a stable `code` to switch on.
 */
import { z } from 'zod';

// ---- shared -------------------------------------------------------------------------------

export const ROLES = ['company_admin', 'cost_centre_manager', 'line_user', 'operator'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const RECORD_TYPE_VALUES = ['voice', 'sms', 'mms', 'data', 'third_party'] as const;
export const DESTINATION_CLASS_VALUES = [
  'mobile',
  'landline',
  'non_geographic',
  'premium',
  'international',
  'roaming',
] as const;
/** What a class watchpoint can watch: a destination class, or third-party (carrier-billed) charges. */
export const WATCH_CLASS_VALUES = [...DESTINATION_CLASS_VALUES, 'third_party'] as const;

export const objectIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
export type ObjectId = z.infer<typeof objectIdSchema>;
export const periodSchema = z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/);
const isoTime = z.string();

export const ERROR_CODES = [
  'ERR_WEB_INVALID_REQUEST', // 400: body/query failed validation (`issues` lists the keys)
  'ERR_WEB_UNAUTHENTICATED', // 401: no session, or it expired or was revoked
  'ERR_WEB_SIGN_IN_FAILED', // 401: wrong email or password (never says which)
  'ERR_WEB_TOTP_REQUIRED', // 401: password right; send `totpCode` too
  'ERR_WEB_TOTP_INVALID', // 401 at sign-in, 400 at enrolment
  'ERR_WEB_FORBIDDEN', // 403: the role may not use this route at all
  'ERR_WEB_CSRF', // 403: missing/wrong x-csrf-token, or a foreign Origin
  'ERR_WEB_BREAK_GLASS_REQUIRED', // 403: operator staff without an active recorded reason
  'ERR_WEB_NOT_FOUND', // 404: missing, another company's, or out of the user's scope
  'ERR_WEB_CONFLICT', // 409: e.g. the email is taken; an import is already running
  'ERR_WEB_UNPROCESSABLE', // 422: e.g. a bill run rejected by validation
  'ERR_WEB_RATE_LIMITED', // 429: per-user request limit; see Retry-After
  'ERR_WEB_SIGN_IN_LOCKED', // 429: too many failed sign-ins; see Retry-After
  'ERR_WEB_EXPORT_THROTTLED', // 429: export quota used up; see Retry-After
  'ERR_WEB_INTERNAL', // 500
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.enum(ERROR_CODES),
  detail: z.string(),
  /** 400 only: `key: message` per invalid field. */
  issues: z.array(z.string()).optional(),
  /** 429 only: seconds until a retry may succeed. */
  retryAfterS: z.number().int().optional(),
});
export type Problem = z.infer<typeof problemSchema>;

// ---- session ------------------------------------------------------------------------------

export const signInRequestSchema = z.strictObject({
  email: z.string().min(3).max(254),
  password: z.string().min(1).max(1024),
  /** Six digits, when the account has TOTP (answered `ERR_WEB_TOTP_REQUIRED` without it). */
  totpCode: z
    .string()
    .regex(/^[0-9]{6}$/)
    .optional(),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const scopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('company') }),
  z.object({ kind: z.literal('cost_centre'), costCentreId: objectIdSchema, costCentreName: z.string() }),
  z.object({ kind: z.literal('line'), lineId: objectIdSchema, msisdn: z.string() }),
  /** Operator staff: no customer data, unless `breakGlass` is set on the session. */
  z.object({ kind: z.literal('none') }),
]);
export type Scope = z.infer<typeof scopeSchema>;

export const breakGlassSchema = z.object({
  id: objectIdSchema,
  companyId: objectIdSchema,
  companyName: z.string(),
  reason: z.string(),
  startedAt: isoTime,
  expiresAt: isoTime,
});
export type BreakGlass = z.infer<typeof breakGlassSchema>;

export const sessionResponseSchema = z.object({
  user: z.object({
    id: objectIdSchema,
    email: z.string(),
    displayName: z.string(),
    role: roleSchema,
    totpEnabled: z.boolean(),
  }),
  /** The user's company; null for operator staff. */
  company: z.object({ id: objectIdSchema, name: z.string() }).nullable(),
  scope: scopeSchema,
  /** Send as `x-csrf-token` on every request that is not GET/HEAD. */
  csrfToken: z.string(),
  expiresAt: isoTime,
  /** Operator staff with an active recorded reason: the company they may read, read-only. */
  breakGlass: breakGlassSchema.nullable(),
  /** True when this server runs the demo (demo sign-ins work); the UI may show a banner. */
  demo: z.boolean(),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const totpEnrolResponseSchema = z.object({
  /** Base32 secret and the `otpauth://` URI (for a QR code); shown once. */
  secret: z.string(),
  uri: z.string(),
});
export type TotpEnrolResponse = z.infer<typeof totpEnrolResponseSchema>;

export const totpVerifyRequestSchema = z.strictObject({ code: z.string().regex(/^[0-9]{6}$/) });
export type TotpVerifyRequest = z.infer<typeof totpVerifyRequestSchema>;

export const changePasswordRequestSchema = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(12).max(1024),
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

// ---- dashboard ----------------------------------------------------------------------------

export const monthSpendSchema = z.object({
  period: periodSchema,
  chargeMinor: z.number().int(),
  vatMinor: z.number().int(),
  voiceMinutes: z.number(),
  messages: z.number().int(),
  dataBytes: z.number().int(),
});
export type MonthSpend = z.infer<typeof monthSpendSchema>;

export const typeSpendSchema = z.object({
  period: periodSchema,
  recordType: z.enum(RECORD_TYPE_VALUES),
  /** Empty for data and third-party charges. */
  destinationClass: z.string(),
  records: z.number().int(),
  durationS: z.number().int(),
  volumeBytes: z.number().int(),
  chargeMinor: z.number().int(),
});
export type TypeSpend = z.infer<typeof typeSpendSchema>;

export const lineRefSchema = z.object({
  id: objectIdSchema,
  msisdn: z.string(),
  userName: z.string().nullable(),
});
export type LineRef = z.infer<typeof lineRefSchema>;

/** `GET /api/dashboard`: the user's scope (company, cost-centre subtree or own line). */
export const dashboardResponseSchema = z.object({
  currency: z.string(),
  /** Newest first, up to three. */
  months: z.array(monthSpendSchema),
  byType: z.array(typeSpendSchema),
  /** Latest period, most expensive first (up to 10). */
  biggestLines: z.array(lineRefSchema.extend({ chargeMinor: z.number().int() })),
  /** Latest period against the one before; null with fewer than two periods. */
  change: z
    .object({
      period: periodSchema,
      previousPeriod: periodSchema,
      chargeMinor: z.number().int(),
      previousChargeMinor: z.number().int(),
      /** Percent change, one decimal; null when the previous month was zero. */
      percent: z.number().nullable(),
    })
    .nullable(),
});
export type DashboardResponse = z.infer<typeof dashboardResponseSchema>;

// ---- lines --------------------------------------------------------------------------------

export const LINE_SORT_KEYS = [
  'charge',
  'msisdn',
  'userName',
  'costCentre',
  'voice',
  'messages',
  'data',
] as const;

export const linesQuerySchema = z.strictObject({
  period: periodSchema.optional(),
  /** Matches the number's digits or the user's name (case-insensitive). */
  search: z.string().max(100).optional(),
  sort: z.enum(LINE_SORT_KEYS).default('charge'),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type LinesQuery = z.input<typeof linesQuerySchema>;

export const lineRowSchema = lineRefSchema.extend({
  status: z.string().nullable(),
  costCentre: z.object({ id: objectIdSchema, name: z.string() }).nullable(),
  chargeMinor: z.number().int(),
  voiceSeconds: z.number().int(),
  messages: z.number().int(),
  dataBytes: z.number().int(),
});
export type LineRow = z.infer<typeof lineRowSchema>;

export const linesResponseSchema = z.object({
  /** The period shown (null when nothing is billed yet) and every period that may be asked for. */
  period: periodSchema.nullable(),
  periods: z.array(periodSchema),
  currency: z.string(),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  lines: z.array(lineRowSchema),
});
export type LinesResponse = z.infer<typeof linesResponseSchema>;

/** `GET /api/lines/:lineId`: the line and its last three months. */
export const lineDetailResponseSchema = z.object({
  line: lineRowSchema.omit({ chargeMinor: true, voiceSeconds: true, messages: true, dataBytes: true }),
  currency: z.string(),
  months: z.array(monthSpendSchema),
  byType: z.array(typeSpendSchema),
});
export type LineDetailResponse = z.infer<typeof lineDetailResponseSchema>;

export const recordsQuerySchema = z.strictObject({
  period: periodSchema.optional(),
  recordType: z.enum(RECORD_TYPE_VALUES).optional(),
  destinationClass: z.enum(DESTINATION_CLASS_VALUES).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** `nextCursor` of the previous page. */
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type RecordsQuery = z.input<typeof recordsQuerySchema>;

export const itemisedRecordSchema = z.object({
  recordType: z.enum(RECORD_TYPE_VALUES),
  startedAt: isoTime,
  calledNumber: z.string().nullable(),
  destinationClass: z.enum(DESTINATION_CLASS_VALUES).nullable(),
  country: z.string().nullable(),
  durationS: z.number().int().nullable(),
  volumeBytes: z.number().int().nullable(),
  description: z.string().nullable(),
  chargeMinor: z.number().int(),
  vatMinor: z.number().int(),
});
export type ItemisedRecordRow = z.infer<typeof itemisedRecordSchema>;

export const recordsResponseSchema = z.object({
  period: periodSchema.nullable(),
  records: z.array(itemisedRecordSchema),
  /** Null on the last page. */
  nextCursor: z.string().nullable(),
});
export type RecordsResponse = z.infer<typeof recordsResponseSchema>;

export const topNumbersQuerySchema = z.strictObject({
  period: periodSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export const topNumbersResponseSchema = z.object({
  period: periodSchema.nullable(),
  numbers: z.array(
    z.object({
      calledNumber: z.string(),
      calls: z.number().int(),
      durationS: z.number().int(),
      chargeMinor: z.number().int(),
    }),
  ),
});
export type TopNumbersResponse = z.infer<typeof topNumbersResponseSchema>;

// ---- cost centres, bill runs ----------------------------------------------------------------

export const periodQuerySchema = z.strictObject({ period: periodSchema.optional() });

export const costCentresResponseSchema = z.object({
  /** The period shown (null when nothing is billed yet) and every period that may be asked for. */
  period: periodSchema.nullable(),
  periods: z.array(periodSchema),
  currency: z.string(),
  /** Depth-first order; each total includes every cost centre below it. */
  costCentres: z.array(
    z.object({
      id: objectIdSchema,
      parentId: objectIdSchema.nullable(),
      name: z.string(),
      depth: z.number().int(),
      chargeMinor: z.number().int(),
      lines: z.number().int(),
    }),
  ),
});
export type CostCentresResponse = z.infer<typeof costCentresResponseSchema>;

export const billRunSchema = z.object({
  id: objectIdSchema,
  period: periodSchema,
  accountNumber: z.string(),
  accountName: z.string(),
  currency: z.string(),
  totalChargeMinor: z.number().int(),
  totalVatMinor: z.number().int(),
  recordCount: z.number().int(),
  publishedAt: isoTime.nullable(),
  /** Relative download links (GET; each counts as an export). */
  downloads: z.object({ summaryPdf: z.string(), recordsCsv: z.string() }),
});
export type BillRun = z.infer<typeof billRunSchema>;
export const billRunsResponseSchema = z.object({ billRuns: z.array(billRunSchema) });
export type BillRunsResponse = z.infer<typeof billRunsResponseSchema>;

// ---- exports ------------------------------------------------------------------------------

export const EXPORT_KINDS = [
  'itemised_csv',
  'lines_csv',
  'cost_centres_csv',
  'bill_summary_pdf',
  'bill_records_csv',
] as const;
export const exportKindSchema = z.enum(EXPORT_KINDS);

export const itemisedExportQuerySchema = z.strictObject({
  period: periodSchema.optional(),
  /** One line (in scope); without it, every line the user may see. */
  lineId: objectIdSchema.optional(),
});

export const exportRecordSchema = z.object({
  id: objectIdSchema,
  kind: exportKindSchema,
  period: periodSchema.nullable(),
  rows: z.number().int(),
  createdAt: isoTime,
  /** The user who exported it (admins see everyone's in the company). */
  userEmail: z.string(),
});
export const exportsResponseSchema = z.object({
  exports: z.array(exportRecordSchema),
  /** What this user may still export now (per hour). */
  quota: z.object({ remaining: z.number().int(), perHour: z.number().int() }),
});
export type ExportsResponse = z.infer<typeof exportsResponseSchema>;

// ---- users --------------------------------------------------------------------------------

export const userSchema = z.object({
  id: objectIdSchema,
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
  /** Cost-centre managers: their cost centre; line users: their line. */
  costCentre: z.object({ id: objectIdSchema, name: z.string() }).nullable(),
  line: z.object({ id: objectIdSchema, msisdn: z.string() }).nullable(),
  totpEnabled: z.boolean(),
  disabled: z.boolean(),
  lockedUntil: isoTime.nullable(),
  lastSignInAt: isoTime.nullable(),
});
export type User = z.infer<typeof userSchema>;
export const usersResponseSchema = z.object({ users: z.array(userSchema) });
export type UsersResponse = z.infer<typeof usersResponseSchema>;

const companyRoleSchema = z.enum(['company_admin', 'cost_centre_manager', 'line_user']);
export const createUserRequestSchema = z.strictObject({
  email: z.email().max(254),
  displayName: z.string().min(1).max(200),
  role: companyRoleSchema,
  /** Required for a cost-centre manager. */
  costCentreId: objectIdSchema.optional(),
  /** Required for a line user. */
  lineId: objectIdSchema.optional(),
  /** Initial password, at least 12 characters; the user should change it. */
  password: z.string().min(12).max(1024),
});
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const updateUserRequestSchema = z.strictObject({
  displayName: z.string().min(1).max(200).optional(),
  role: companyRoleSchema.optional(),
  costCentreId: objectIdSchema.nullable().optional(),
  lineId: objectIdSchema.nullable().optional(),
  /** Disabling signs the user out everywhere. */
  disabled: z.boolean().optional(),
});
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

export const resetPasswordRequestSchema = z.strictObject({ password: z.string().min(12).max(1024) });

export const auditEntrySchema = z.object({
  id: objectIdSchema,
  at: isoTime,
  /** e.g. `sign_in`, `user.create`, `export`, `break_glass.start`, `break_glass.read`. */
  action: z.string(),
  actorEmail: z.string().nullable(),
  actorRole: roleSchema.nullable(),
  detail: z.string(),
});
export const auditResponseSchema = z.object({ entries: z.array(auditEntrySchema) });
export type AuditResponse = z.infer<typeof auditResponseSchema>;

// ---- watchpoints --------------------------------------------------------------------------

export const createWatchpointRequestSchema = z.strictObject({
  name: z.string().min(1).max(100),
  /** `line_spend`: a line's total; `class_spend`: spend in one class (per line). */
  kind: z.enum(['line_spend', 'class_spend']),
  /** Required for `line_spend`; for `class_spend`, omit to watch every line in scope. */
  lineId: objectIdSchema.optional(),
  /** Required for `class_spend`. */
  watchClass: z.enum(WATCH_CLASS_VALUES).optional(),
  /** In the bill's currency, minor units, per month. */
  thresholdMinor: z.number().int().min(1).max(100_000_000),
});
export type CreateWatchpointRequest = z.infer<typeof createWatchpointRequestSchema>;
export const updateWatchpointRequestSchema = z.strictObject({
  name: z.string().min(1).max(100).optional(),
  thresholdMinor: z.number().int().min(1).max(100_000_000).optional(),
});
export type UpdateWatchpointRequest = z.infer<typeof updateWatchpointRequestSchema>;

export const watchpointHitSchema = z.object({
  line: lineRefSchema,
  valueMinor: z.number().int(),
});
export const watchpointSchema = z.object({
  id: objectIdSchema,
  name: z.string(),
  kind: z.enum(['line_spend', 'class_spend']),
  line: lineRefSchema.nullable(),
  watchClass: z.enum(WATCH_CLASS_VALUES).nullable(),
  thresholdMinor: z.number().int(),
  createdBy: z.string(),
  createdAt: isoTime,
  /** Evaluated on the latest billed period. */
  evaluation: z.object({
    period: periodSchema.nullable(),
    triggered: z.boolean(),
    hits: z.array(watchpointHitSchema),
  }),
});
export type Watchpoint = z.infer<typeof watchpointSchema>;
export const watchpointsResponseSchema = z.object({
  currency: z.string(),
  watchpoints: z.array(watchpointSchema),
});
export type WatchpointsResponse = z.infer<typeof watchpointsResponseSchema>;

/** `GET /api/watchpoints/deliveries`: every triggered watchpoint, with whom to tell. */
export const deliveriesResponseSchema = z.object({
  period: periodSchema.nullable(),
  deliveries: z.array(
    z.object({
      watchpointId: objectIdSchema,
      name: z.string(),
      recipients: z.array(z.string()),
      thresholdMinor: z.number().int(),
      hits: z.array(watchpointHitSchema),
    }),
  ),
});
export type DeliveriesResponse = z.infer<typeof deliveriesResponseSchema>;

// ---- operator -----------------------------------------------------------------------------

export const importStatusSchema = z.object({
  id: z.number().int(),
  status: z.enum(['staging', 'published', 'failed', 'abandoned']),
  startedAt: isoTime,
  finishedAt: isoTime.nullable(),
  recordCount: z.number().int().nullable(),
  /** Invoices in the import (counts only: no customer data). */
  invoices: z.number().int(),
  companies: z.number().int(),
});
export const importsResponseSchema = z.object({ imports: z.array(importStatusSchema) });

export const importRowErrorSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  field: z.string(),
  message: z.string(),
});
/**
 * What `POST /api/operator/bill-runs/:uploadId/import` answers: 200 with this report when the
 * run was published (or was already), 422 `ERR_WEB_UNPROCESSABLE` with it as the problem's
 * `report` when validation rejected it (nothing was published).
 */
export const importReportSchema = z.object({
  status: z.enum(['published', 'duplicate', 'rejected']),
  contentHash: z.string(),
  importId: z.number().int().optional(),
  invoices: z.number().int(),
  lines: z.number().int(),
  records: z.number().int(),
  /** Bad rows, in file order (capped); `errorCount` counts them all. */
  errors: z.array(importRowErrorSchema).readonly(),
  errorCount: z.number().int(),
  /** Accounts whose records do not add up because `skipInvalid` left rows out. */
  warnings: z.array(importRowErrorSchema).readonly(),
});
export type ImportReport = z.infer<typeof importReportSchema>;
/** The 422 problem of a rejected import. */
export type ImportRejectedProblem = Problem & { readonly report: ImportReport };
export type ImportsResponse = z.infer<typeof importsResponseSchema>;

export const operatorCompaniesResponseSchema = z.object({
  companies: z.array(z.object({ id: objectIdSchema, name: z.string(), companyRef: z.string() })),
});
export type OperatorCompaniesResponse = z.infer<typeof operatorCompaniesResponseSchema>;

export const breakGlassRequestSchema = z.strictObject({
  companyId: objectIdSchema,
  /** Why: recorded in the audit log and shown to the company's administrators. */
  reason: z.string().min(15).max(500),
  /** 5–60 minutes (default 30). */
  minutes: z.number().int().min(5).max(60).default(30),
});
export type BreakGlassRequest = z.input<typeof breakGlassRequestSchema>;
export const uploadCreatedSchema = z.object({ uploadId: z.string() });

// ---- the route table ----------------------------------------------------------------------

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** `public`: no session; `signed_in`: any role; else the roles listed. */
export type Access = 'public' | 'signed_in' | readonly Role[];

export interface ApiRoute {
  readonly method: Method;
  readonly path: string;
  readonly access: Access;
  /** Operator staff may also call it read-only while a break-glass reason is active. */
  readonly breakGlass?: boolean;
  readonly summary: string;
}

const ADMIN = ['company_admin'] as const;
const VIEWERS = ['company_admin', 'cost_centre_manager', 'line_user'] as const;
const MANAGERS = ['company_admin', 'cost_centre_manager'] as const;
const OPERATOR = ['operator'] as const;

/** Every API route. The server registers exactly these; the authorization matrix checks them. */
export const API_ROUTES = {
  session: { method: 'GET', path: '/api/session', access: 'signed_in', summary: '→ SessionResponse' },
  signIn: {
    method: 'POST',
    path: '/api/session',
    access: 'public',
    summary: 'SignInRequest → SessionResponse',
  },
  signOut: { method: 'DELETE', path: '/api/session', access: 'signed_in', summary: '→ 204' },
  signOutEverywhere: {
    method: 'POST',
    path: '/api/session/sign-out-everywhere',
    access: 'signed_in',
    summary: '→ 204 (every session of this user)',
  },
  changePassword: {
    method: 'POST',
    path: '/api/session/password',
    access: 'signed_in',
    summary: 'ChangePasswordRequest → 204 (other sessions revoked)',
  },
  totpEnrol: {
    method: 'POST',
    path: '/api/session/totp/enrol',
    access: ['company_admin', 'operator'],
    summary: '→ TotpEnrolResponse',
  },
  totpVerify: {
    method: 'POST',
    path: '/api/session/totp/verify',
    access: ['company_admin', 'operator'],
    summary: 'TotpVerifyRequest → SessionResponse (TOTP now required)',
  },

  dashboard: {
    method: 'GET',
    path: '/api/dashboard',
    access: VIEWERS,
    breakGlass: true,
    summary: '→ DashboardResponse',
  },
  lines: {
    method: 'GET',
    path: '/api/lines',
    access: VIEWERS,
    breakGlass: true,
    summary: 'LinesQuery → LinesResponse',
  },
  line: {
    method: 'GET',
    path: '/api/lines/:lineId',
    access: VIEWERS,
    breakGlass: true,
    summary: '→ LineDetailResponse',
  },
  lineRecords: {
    method: 'GET',
    path: '/api/lines/:lineId/records',
    access: VIEWERS,
    breakGlass: true,
    summary: 'RecordsQuery → RecordsResponse',
  },
  lineTopNumbers: {
    method: 'GET',
    path: '/api/lines/:lineId/top-numbers',
    access: VIEWERS,
    breakGlass: true,
    summary: '→ TopNumbersResponse',
  },
  costCentres: {
    method: 'GET',
    path: '/api/cost-centres',
    access: MANAGERS,
    breakGlass: true,
    summary: '?period → CostCentresResponse',
  },
  billRuns: {
    method: 'GET',
    path: '/api/bill-runs',
    access: ADMIN,
    breakGlass: true,
    summary: '→ BillRunsResponse',
  },
  billRunPdf: {
    method: 'GET',
    path: '/api/bill-runs/:billRunId/summary.pdf',
    access: ADMIN,
    summary: '→ application/pdf (an export)',
  },
  billRunCsv: {
    method: 'GET',
    path: '/api/bill-runs/:billRunId/records.csv',
    access: ADMIN,
    summary: '→ text/csv (an export)',
  },

  exports: { method: 'GET', path: '/api/exports', access: VIEWERS, summary: '→ ExportsResponse' },
  exportItemised: {
    method: 'GET',
    path: '/api/exports/itemised.csv',
    access: VIEWERS,
    summary: '?period&lineId → text/csv',
  },
  exportLines: {
    method: 'GET',
    path: '/api/exports/lines.csv',
    access: VIEWERS,
    summary: '?period → text/csv',
  },
  exportCostCentres: {
    method: 'GET',
    path: '/api/exports/cost-centres.csv',
    access: MANAGERS,
    summary: '?period → text/csv',
  },

  users: { method: 'GET', path: '/api/users', access: ADMIN, summary: '→ UsersResponse' },
  createUser: { method: 'POST', path: '/api/users', access: ADMIN, summary: 'CreateUserRequest → 201 User' },
  updateUser: {
    method: 'PATCH',
    path: '/api/users/:userId',
    access: ADMIN,
    summary: 'UpdateUserRequest → User',
  },
  deleteUser: { method: 'DELETE', path: '/api/users/:userId', access: ADMIN, summary: '→ 204' },
  resetPassword: {
    method: 'POST',
    path: '/api/users/:userId/password',
    access: ADMIN,
    summary: '{password} → 204 (their sessions revoked)',
  },
  audit: { method: 'GET', path: '/api/audit', access: ADMIN, summary: '→ AuditResponse (latest 200)' },

  watchpoints: {
    method: 'GET',
    path: '/api/watchpoints',
    access: MANAGERS,
    breakGlass: true,
    summary: '→ WatchpointsResponse',
  },
  createWatchpoint: {
    method: 'POST',
    path: '/api/watchpoints',
    access: MANAGERS,
    summary: 'CreateWatchpointRequest → 201 Watchpoint',
  },
  updateWatchpoint: {
    method: 'PATCH',
    path: '/api/watchpoints/:watchpointId',
    access: MANAGERS,
    summary: 'UpdateWatchpointRequest → Watchpoint',
  },
  deleteWatchpoint: {
    method: 'DELETE',
    path: '/api/watchpoints/:watchpointId',
    access: MANAGERS,
    summary: '→ 204',
  },
  watchpointDeliveries: {
    method: 'GET',
    path: '/api/watchpoints/deliveries',
    access: ADMIN,
    summary: '→ DeliveriesResponse',
  },

  operatorImports: {
    method: 'GET',
    path: '/api/operator/imports',
    access: OPERATOR,
    summary: '→ ImportsResponse',
  },
  operatorCompanies: {
    method: 'GET',
    path: '/api/operator/companies',
    access: OPERATOR,
    summary: '→ OperatorCompaniesResponse',
  },
  operatorCreateUpload: {
    method: 'POST',
    path: '/api/operator/bill-runs',
    access: OPERATOR,
    summary: '→ 201 {uploadId}',
  },
  operatorUploadFile: {
    method: 'PUT',
    path: '/api/operator/bill-runs/:uploadId/files/:name',
    access: OPERATOR,
    summary: 'text/csv body → 204',
  },
  operatorImport: {
    method: 'POST',
    path: '/api/operator/bill-runs/:uploadId/import',
    access: OPERATOR,
    summary:
      '?skipInvalid=true → ImportReport (200); rejected: 422 ERR_WEB_UNPROCESSABLE with `report`; 409 busy',
  },
  breakGlassStart: {
    method: 'POST',
    path: '/api/operator/break-glass',
    access: OPERATOR,
    summary: 'BreakGlassRequest → SessionResponse',
  },
  breakGlassEnd: {
    method: 'DELETE',
    path: '/api/operator/break-glass',
    access: OPERATOR,
    summary: '→ SessionResponse',
  },
} as const satisfies Record<string, ApiRoute>;

export type ApiRouteName = keyof typeof API_ROUTES;
