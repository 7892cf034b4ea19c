/** An RFC 9457 problem document, as the server sends every error. */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly code?: string;
  readonly [extension: string]: unknown;
}

/** A failed API call: the HTTP status and the server's problem document. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get code(): string | undefined {
    return this.problem.code;
  }

  /** A foreign id and a missing one answer the same: both are simply not found. */
  get isNotFound(): boolean {
    return this.status === 404;
  }

  get isForbidden(): boolean {
    return this.status === 403;
  }
}

/** Words for a person, never a stack trace or a raw code. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return 'Too many requests in a short time. Please wait a moment and try again.';
    if (error.status >= 500) return 'Something went wrong on our side. Please try again in a moment.';
    return error.message;
  }
  if (error instanceof TypeError)
    return 'We could not reach Bill Manager. Check your connection and try again.';
  return 'Something went wrong. Please try again.';
}
