import type { CountryCode } from 'libphonenumber-js/max';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { redactIdentifiers } from './redact-identifiers.js';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  readonly name: string;
  readonly level?: LoggerOptions['level'];
  /** Where lines go; standard output by default. */
  readonly destination?: { write(line: string): unknown };
  readonly defaultCountry?: CountryCode;
}

/**
 * A pino logger whose every line — message, fields, error stacks alike — passes through
 * `redactIdentifiers` before it is written: redaction on the serialised line cannot miss a
 * field that someone adds later. Credentials in well-known fields are censored by path too.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const target = options.destination ?? process.stdout;
  const redactOptions = {
    json: true,
    ...(options.defaultCountry ? { defaultCountry: options.defaultCountry } : {}),
  };
  const stream: DestinationStream = {
    write(line: string) {
      target.write(redactIdentifiers(line, redactOptions));
    },
  };
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["proxy-authorization"]',
          'res.headers["set-cookie"]',
          '*.password',
          '*.secret',
          '*.token',
        ],
        censor: '[redacted]',
      },
    },
    stream,
  );
}
