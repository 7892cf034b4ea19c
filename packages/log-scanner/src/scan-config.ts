import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';

/**
 * `linekeeper scan` options, validated once and frozen (`parseConfig`). Safe defaults: reports
 * are masked, redaction keeps the original, progress only on a terminal.
 */
export const scanConfigSchema = z
  .strictObject({
    /** Home country: national forms and bare digits are read for it. */
    country: z
      .string()
      .transform((c) => c.toUpperCase())
      .refine(isSupportedCountry, 'must be an ISO 3166 country code libphonenumber knows (e.g. GB)')
      .default('GB'),
    reveal: z.boolean().default(false),
    format: z.enum(['table', 'json', 'csv']).default('table'),
    redact: z.boolean().default(false),
    out: z.string().min(1).optional(),
    inPlace: z.boolean().default(false),
    backup: z.boolean().default(true),
    /** Keyed-hash redaction: hex (64+ chars) or base64, at least 16 bytes. */
    hashKey: z.string().min(1).optional(),
    workers: z.number().int().min(1).max(64).default(2),
    progress: z.boolean().default(true),
    /** Read every byte: also national numbers written in short groups (`0770 090 0123`), slower. */
    thorough: z.boolean().default(false),
    /** Lines longer than this are scanned in pieces (bytes). */
    maxLineBytes: z
      .number()
      .int()
      .min(1024)
      .default(32 * 1024 * 1024),
  })
  .superRefine((c, ctx) => {
    if (c.redact && !c.out && !c.inPlace) {
      ctx.addIssue({ code: 'custom', path: ['redact'], message: 'needs --out DIR or --in-place' });
    }
    if (c.out && c.inPlace)
      ctx.addIssue({ code: 'custom', path: ['inPlace'], message: 'cannot be combined with --out' });
    if (!c.redact && (c.out || c.inPlace || c.hashKey)) {
      ctx.addIssue({
        code: 'custom',
        path: ['redact'],
        message: '--out, --in-place and --hash-key need --redact',
      });
    }
  });

export type ScanConfig = z.output<typeof scanConfigSchema>;
