import { randomUUID } from 'node:crypto';
import { API_ROUTES, type ApiRouteName } from '../api-contract.js';
import { DEMO_PASSWORD } from '../demo-users.js';
import type { Actor, MatrixRow, MatrixTable } from './run-authorization-matrix.js';

const EVERYONE: readonly Actor[] = [
  'anonymous',
  'company_admin',
  'cost_centre_manager',
  'line_user',
  'operator',
  'operator_break_glass',
];
const SIGNED_IN: readonly Actor[] = [
  'company_admin',
  'cost_centre_manager',
  'line_user',
  'operator',
  'operator_break_glass',
];
const VIEWERS: readonly Actor[] = ['company_admin', 'cost_centre_manager', 'line_user'];
const MANAGERS: readonly Actor[] = ['company_admin', 'cost_centre_manager'];
const ADMIN: readonly Actor[] = ['company_admin'];
const OPERATOR: readonly Actor[] = ['operator', 'operator_break_glass'];
/** Read views operator staff may open under a recorded reason. */
const READ_WITH_REASON = (roles: readonly Actor[]): readonly Actor[] => [...roles, 'operator_break_glass'];

let counter = 0;
const unique = () => {
  counter += 1;
  return `${Date.now().toString(36)}${counter}`;
};

/**
 * THE authorization matrix: every route the server registers, who may call it, and a request
 * that exercises it. Written by hand from issue #8's roles, not derived from the server's own
 * route table, so a wrong guard there shows up here.
 */
const API: Record<ApiRouteName, MatrixRow> = {
  session: { allow: SIGNED_IN, call: () => ({ path: '/api/session' }) },
  signIn: {
    allow: EVERYONE,
    call: () => ({
      path: '/api/session',
      body: { email: 'nobody@nowhere.demo', password: 'not-the-password' },
    }),
  },
  signOut: { allow: SIGNED_IN, ownSession: true, call: () => ({ path: '/api/session' }) },
  signOutEverywhere: {
    allow: SIGNED_IN,
    ownSession: true,
    resetsSessions: true,
    call: () => ({ path: '/api/session/sign-out-everywhere' }),
  },
  changePassword: {
    allow: SIGNED_IN,
    resetsSessions: true,
    call: () => ({
      path: '/api/session/password',
      body: { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD },
    }),
  },
  totpEnrol: {
    allow: ['company_admin', 'operator', 'operator_break_glass'],
    call: () => ({ path: '/api/session/totp/enrol' }),
  },
  totpVerify: {
    allow: ['company_admin', 'operator', 'operator_break_glass'],
    call: () => ({ path: '/api/session/totp/verify', body: { code: '000000' } }),
  },

  dashboard: { allow: READ_WITH_REASON(VIEWERS), call: () => ({ path: '/api/dashboard' }) },
  lines: { allow: READ_WITH_REASON(VIEWERS), call: () => ({ path: '/api/lines?sort=userName&order=asc' }) },
  line: {
    allow: READ_WITH_REASON(VIEWERS),
    objects: 'line',
    call: (f) => ({ path: `/api/lines/${f.lineId}` }),
  },
  lineRecords: {
    allow: READ_WITH_REASON(VIEWERS),
    objects: 'line',
    call: (f) => ({ path: `/api/lines/${f.lineId}/records?limit=5` }),
  },
  lineTopNumbers: {
    allow: READ_WITH_REASON(VIEWERS),
    objects: 'line',
    call: (f) => ({ path: `/api/lines/${f.lineId}/top-numbers` }),
  },
  costCentres: { allow: READ_WITH_REASON(MANAGERS), call: () => ({ path: '/api/cost-centres' }) },
  billRuns: { allow: READ_WITH_REASON(ADMIN), call: () => ({ path: '/api/bill-runs' }) },
  billRunPdf: {
    allow: ADMIN,
    objects: 'other',
    call: (f) => ({ path: `/api/bill-runs/${f.billRunId}/summary.pdf` }),
  },
  billRunCsv: {
    allow: ADMIN,
    objects: 'other',
    call: (f) => ({ path: `/api/bill-runs/${f.billRunId}/records.csv` }),
  },

  exports: { allow: VIEWERS, call: () => ({ path: '/api/exports' }) },
  exportItemised: {
    allow: VIEWERS,
    objects: 'line',
    call: (f) => ({ path: `/api/exports/itemised.csv?lineId=${f.lineId}` }),
  },
  exportLines: { allow: VIEWERS, call: () => ({ path: '/api/exports/lines.csv' }) },
  exportCostCentres: { allow: MANAGERS, call: () => ({ path: '/api/exports/cost-centres.csv' }) },

  users: { allow: ADMIN, call: () => ({ path: '/api/users' }) },
  createUser: {
    allow: ADMIN,
    call: () => ({
      path: '/api/users',
      body: {
        email: `new-${unique()}@example.demo`,
        displayName: 'New Admin',
        role: 'company_admin',
        password: 'a-long-enough-password',
      },
    }),
  },
  updateUser: {
    allow: ADMIN,
    objects: 'other',
    call: (f) => ({ path: `/api/users/${f.userId}`, body: { displayName: 'Renamed User' } }),
  },
  deleteUser: {
    allow: ADMIN,
    objects: 'other',
    call: async (f) => ({ path: `/api/users/${await f.freshUserId()}` }),
  },
  resetPassword: {
    allow: ADMIN,
    objects: 'other',
    call: (f) => ({ path: `/api/users/${f.userId}/password`, body: { password: 'another-long-password' } }),
  },
  audit: { allow: ADMIN, call: () => ({ path: '/api/audit' }) },

  watchpoints: { allow: READ_WITH_REASON(MANAGERS), call: () => ({ path: '/api/watchpoints' }) },
  createWatchpoint: {
    allow: MANAGERS,
    call: () => ({
      path: '/api/watchpoints',
      body: { name: 'Premium', kind: 'class_spend', watchClass: 'premium', thresholdMinor: 100 },
    }),
  },
  updateWatchpoint: {
    allow: MANAGERS,
    objects: 'other',
    call: (f) => ({ path: `/api/watchpoints/${f.watchpointId}`, body: { thresholdMinor: 250 } }),
  },
  deleteWatchpoint: {
    allow: MANAGERS,
    objects: 'other',
    call: async (f) => ({ path: `/api/watchpoints/${await f.freshWatchpointId()}` }),
  },
  watchpointDeliveries: { allow: ADMIN, call: () => ({ path: '/api/watchpoints/deliveries' }) },

  operatorImports: { allow: OPERATOR, call: () => ({ path: '/api/operator/imports' }) },
  operatorCompanies: { allow: OPERATOR, call: () => ({ path: '/api/operator/companies' }) },
  operatorCreateUpload: { allow: OPERATOR, call: () => ({ path: '/api/operator/bill-runs' }) },
  operatorUploadFile: {
    allow: OPERATOR,
    call: () => ({
      path: `/api/operator/bill-runs/${randomUUID()}/files/records.csv`,
      body: 'account_number\n',
      headers: { 'content-type': 'text/csv' },
    }),
  },
  operatorImport: {
    allow: OPERATOR,
    call: () => ({ path: `/api/operator/bill-runs/${randomUUID()}/import` }),
  },
  breakGlassStart: {
    allow: OPERATOR,
    ownSession: true,
    call: (f) => ({
      path: '/api/operator/break-glass',
      body: {
        companyId: f.operatorCompanyId,
        reason: 'authorization matrix: checking the guard',
        minutes: 5,
      },
    }),
  },
  breakGlassEnd: { allow: OPERATOR, ownSession: true, call: () => ({ path: '/api/operator/break-glass' }) },
};

export const AUTHORIZATION_TABLE: MatrixTable = {
  ...Object.fromEntries(
    (Object.keys(API) as ApiRouteName[]).map((name) => [
      `${API_ROUTES[name].method} ${API_ROUTES[name].path}`,
      API[name],
    ]),
  ),
  'GET /healthz': { allow: EVERYONE, call: () => ({ path: '/healthz' }) },
  // The automation upload API: only the bearer token of the config opens it, never a session.
  'POST /operator/bill-runs': { allow: [], call: () => ({ path: '/operator/bill-runs' }) },
  'PUT /operator/bill-runs/:uploadId/files/:name': {
    allow: [],
    call: () => ({
      path: `/operator/bill-runs/${randomUUID()}/files/records.csv`,
      body: 'x\n',
      headers: { 'content-type': 'text/csv' },
    }),
  },
  'POST /operator/bill-runs/:uploadId/import': {
    allow: [],
    call: () => ({ path: `/operator/bill-runs/${randomUUID()}/import` }),
  },
};
