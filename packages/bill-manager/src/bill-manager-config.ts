import { z } from 'zod';

/**
 * The Bill Manager data layer's configuration: parsed once (`parseConfig`), frozen, passed by
 * argument. `billManagerConfigSchema.parse({})` is the demo: PGlite under the working directory.
 */
export const billManagerConfigSchema = z.strictObject({
  /** PostgreSQL (`postgres://…`). When set, `pgliteDir` is not used. */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
    .optional(),
  /** Embedded PGlite data directory, relative to the working directory (git-ignored); `memory://` keeps nothing. */
  pgliteDir: z.string().min(1).default('.linekeeper/bill-manager'),
  /**
   * Bearer token for the operator's upload API. No default: without one the API refuses every
   * request. At least 32 characters, e.g. `openssl rand -hex 32`.
   */
  operatorToken: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  /** Where uploaded files wait for their import (default: the system temp directory). */
  uploadDir: z.string().min(1).optional(),
  /** Largest upload file accepted, in bytes (default 2 GiB). */
  maxUploadBytes: z
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 ** 3),
});

export type BillManagerConfig = z.output<typeof billManagerConfigSchema>;
