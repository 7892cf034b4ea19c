import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { LineKeeperError } from './errors.js';

export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * Validates `input` against an app's config schema once, at start, and returns it frozen.
 * Every problem is reported at once, each naming its exact key (`proxy.port: ...`) and the
 * source it came from, so an operator fixes the whole file in one pass.
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  input: unknown,
  source = 'config',
): DeepReadonly<z.output<S>> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const key = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
      const extra =
        issue.code === 'unrecognized_keys' ? ` (${(issue as { keys: string[] }).keys.join(', ')})` : '';
      return `  ${key}: ${issue.message}${extra}`;
    });
    const first = result.error.issues[0];
    throw new LineKeeperError(
      'ERR_CONFIG_INVALID',
      `invalid configuration in ${source}:\n${lines.join('\n')}`,
      {
        where: first && first.path.length > 0 ? `${source}:${first.path.join('.')}` : source,
      },
    );
  }
  return deepFreeze(result.data) as DeepReadonly<z.output<S>>;
}

/** Reads a YAML or JSON config file (JSON is YAML); `undefined` path means "no file". */
export function readConfigFile(path: string | undefined): unknown {
  if (path === undefined) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new LineKeeperError('ERR_CONFIG_UNREADABLE', `cannot read config file ${path}`, {
      where: path,
      cause,
    });
  }
  try {
    return parseYaml(text, { prettyErrors: true }) ?? {};
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new LineKeeperError('ERR_CONFIG_INVALID', `config file ${path} is not valid YAML: ${message}`, {
      where: path,
      cause,
    });
  }
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
