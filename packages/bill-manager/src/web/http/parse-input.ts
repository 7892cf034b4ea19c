import type { z } from 'zod';
import { WebError } from '../web-error.js';

/** Validates a body or query against its contract schema; 400 naming every bad key. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new WebError('ERR_WEB_INVALID_REQUEST', 'the request is not valid', {
    issues: result.error.issues.map(
      (issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(body)'}: ${issue.message}`,
    ),
  });
}
