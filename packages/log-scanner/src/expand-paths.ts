import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

export interface ExpandedPaths {
  readonly files: string[];
  /** Arguments that named nothing. */
  readonly missing: string[];
}

const GLOB = /[*?[]/;

/**
 * Turns `scan` arguments into files: a file as given, a directory walked recursively, a glob
 * (`logs/**\/*.gz`, quoted so the shell leaves it) matched here, `-` for stdin. Symbolic links
 * to directories are not followed (no loops); results are sorted and unique.
 */
export async function expandPaths(args: readonly string[]): Promise<ExpandedPaths> {
  const files = new Set<string>();
  const missing: string[] = [];
  for (const arg of args) {
    if (arg === '-') {
      files.add('-');
      continue;
    }
    const info = await stat(arg).catch(() => undefined);
    if (info?.isFile()) files.add(arg);
    else if (info?.isDirectory()) for (const f of await walk(arg)) files.add(f);
    else if (GLOB.test(arg)) {
      const matched = await glob(arg);
      if (matched.length === 0) missing.push(arg);
      for (const f of matched) files.add(f);
    } else missing.push(arg);
  }
  return { files: [...files].sort(), missing };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out; // an unreadable directory is skipped, like an unreadable file
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

async function glob(pattern: string): Promise<string[]> {
  const parts = pattern.split(/[\\/]/);
  const fixed: string[] = [];
  for (const part of parts) {
    if (GLOB.test(part)) break;
    fixed.push(part);
  }
  const base = fixed.length === 0 ? '.' : fixed.join(sep) || sep;
  const rest = parts.slice(fixed.length).join('/');
  const matcher = globToRegExp(rest);
  const all = await walk(base);
  const prefix = base === '.' && !pattern.startsWith('./') ? '' : base.endsWith(sep) ? base : base + sep;
  return all.filter((file) => matcher.test((prefix ? file.slice(prefix.length) : file).split(sep).join('/')));
}

/** `*` within a segment, `**` across segments, `?` one character, `[...]` a class. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += `[${glob
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
