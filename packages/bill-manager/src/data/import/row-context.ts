/** One bad value in an upload: which file, which line, which column, and what is wrong. */
export interface RowError {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

/**
 * Reads one CSV row's fields by column name and collects what is wrong with them, so a row
 * reports every bad field at once. The helpers return `undefined` for a bad value.
 */
export class RowContext {
  readonly errors: RowError[] = [];
  #fields: readonly string[] = [];
  #line = 0;

  constructor(
    readonly file: string,
    private readonly columns: ReadonlyMap<string, number>,
  ) {}

  reset(line: number, fields: readonly string[]): void {
    this.#line = line;
    this.#fields = fields;
    this.errors.length = 0;
  }

  get line(): number {
    return this.#line;
  }

  error(field: string, message: string): undefined {
    this.errors.push({ file: this.file, line: this.#line, field, message });
    return undefined;
  }

  text(field: string, options: { required?: boolean; max?: number } = {}): string | undefined {
    const index = this.columns.get(field);
    const value = (index === undefined ? '' : (this.#fields[index] ?? '')).trim();
    if (value === '') return options.required ? this.error(field, 'is required') : undefined;
    if (value.length > (options.max ?? 200)) return this.error(field, `is longer than ${options.max ?? 200}`);
    return value;
  }

  integer(
    field: string,
    options: { required?: boolean; min?: number; max?: number } = {},
  ): number | undefined {
    const value = this.text(field, options);
    if (value === undefined) return undefined;
    if (!/^-?\d{1,15}$/.test(value)) return this.error(field, 'must be a whole number');
    const number = Number(value);
    if (options.min !== undefined && number < options.min)
      return this.error(field, `must be at least ${options.min}`);
    return number;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], required = true): T | undefined {
    const value = this.text(field, { required });
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value))
      return this.error(field, `must be one of ${allowed.join(', ')}`);
    return value as T;
  }
}

/** Maps a header to column positions, or names the columns that are missing or unknown. */
export function readHeader(
  file: string,
  header: readonly string[],
  required: readonly string[],
  optional: readonly string[] = [],
): { columns: Map<string, number>; errors: RowError[] } {
  const columns = new Map<string, number>();
  const errors: RowError[] = [];
  header.forEach((name, index) => {
    if (!required.includes(name) && !optional.includes(name)) {
      errors.push({ file, line: 1, field: name, message: 'is not a known column' });
    } else if (columns.has(name)) {
      errors.push({ file, line: 1, field: name, message: 'appears twice' });
    }
    columns.set(name, index);
  });
  for (const name of required) {
    if (!columns.has(name)) errors.push({ file, line: 1, field: name, message: 'column is missing' });
  }
  return { columns, errors };
}
