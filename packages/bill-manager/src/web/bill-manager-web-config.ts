import { z } from 'zod';
import { billManagerConfigSchema } from '../bill-manager-config.js';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/;

/**
 * `linekeeper bill-manager`: the data layer's settings plus the web server's. Parsed once
 * (`parseConfig`), frozen, passed by argument. Every security setting defaults to the safe value;
 * `billManagerWebConfigSchema.parse({ secureCookies: false, demo: true })` is `npm start`'s demo.
 */
export const billManagerWebConfigSchema = billManagerConfigSchema
  .extend({
    /** Address to listen on; loopback unless an operator deliberately exposes it (behind TLS). */
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8082),
    /**
     * Origins the app is served from (`https://bills.example.com`); a state change whose Origin
     * is not one of them is refused. Unset: the request's own `Host` with the scheme below.
     */
    publicOrigins: z.array(z.url()).optional(),
    /**
     * Session cookies carry `Secure` (and the `__Host-` prefix), and responses send HSTS. Turn
     * off ONLY for the loopback demo over plain http: the config refuses `false` on any other host.
     */
    secureCookies: z.boolean().default(true),
    /**
     * Secret for opaque object ids (at least 32 characters, e.g. `openssl rand -hex 32`). Unset:
     * a random one per start, so ids (and links) change when the server restarts.
     */
    idSecret: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
    /**
     * Secret the key that encrypts TOTP secrets at rest (AES-256-GCM) is derived from; at least
     * 32 characters (e.g. `openssl rand -hex 32`). Set it wherever more than one server shares
     * the database. Unset: the key in `totpKeyFile`.
     */
    totpKey: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
    /**
     * Without `totpKey`: a per-install key, created (mode 0600) at first start; refused when
     * other users may read it. Losing it makes every enrolled authenticator unusable.
     */
    totpKeyFile: z.string().min(1).default('.linekeeper/bill-manager-totp.key'),
    /** Demo sign-ins (`*.demo` accounts with published passwords) work only while this is on. */
    demo: z.boolean().default(false),
    /** Load the demo companies' bills at start (the demo world). */
    loadDemoData: z.boolean().default(false),
    /** Signed-out after this long without a request, and after `sessionMaxHours` in any case. */
    sessionIdleMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    sessionMaxHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 7)
      .default(12),
    /**
     * A session lookup is remembered in the server process this long (0: read every request).
     * Sign-outs and account changes made by this process take effect at once; a revocation made
     * by another process sharing the database is seen within this time.
     */
    sessionCacheSeconds: z.number().int().min(0).max(60).default(5),
    /** Dashboard answers kept in memory (keyed by company, scope and published bill runs; 0: off). */
    dashboardCacheEntries: z.number().int().min(0).max(100_000).default(1000),
    /** Failed sign-ins before an account is locked; each lock doubles, from 30 s up to 15 min. */
    maxFailedSignIns: z.number().int().min(1).max(50).default(5),
    /** Requests per user (or per address before sign-in) per minute. */
    requestsPerMinute: z.number().int().min(10).max(1_000_000).default(600),
    /** Sign-in attempts per address per minute. */
    signInsPerMinute: z.number().int().min(1).max(10_000).default(20),
    /** Exports (CSV, PDF) per user per hour, and per company per day. */
    exportsPerHour: z.number().int().min(1).max(10_000).default(30),
    exportsPerCompanyPerDay: z.number().int().min(1).max(100_000).default(300),
    /** Break-glass reads by operator staff last at most this long. */
    breakGlassMaxMinutes: z.number().int().min(5).max(60).default(60),
    /** The built UI (`npm run build -w @linekeeper/bill-manager` → `ui/dist`); default beside the package. */
    uiDir: z.string().min(1).optional(),
  })
  .superRefine((config, context) => {
    if (!config.secureCookies && !LOOPBACK.test(config.host)) {
      context.addIssue({
        code: 'custom',
        path: ['secureCookies'],
        message: 'may be false only when host is a loopback address (the demo over plain http)',
      });
    }
  });

export type BillManagerWebConfig = z.output<typeof billManagerWebConfigSchema>;
