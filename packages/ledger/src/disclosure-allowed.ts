/** What the "outside policy" check sees of a disclosure: where it went, for whom, what. */
export interface DisclosureTarget {
  readonly host: string;
  readonly scheme?: string | undefined;
  readonly port?: number | undefined;
  readonly path?: string | undefined;
  readonly partnerId: string;
  readonly purpose: string;
  readonly fields: readonly string[];
}

/**
 * Would the policy that *should* have applied allow this disclosure? The exposure report owns
 * this interface; the CLI builds it from the policy package's compiled matcher.
 */
export type DisclosureAllowed = (target: DisclosureTarget) => boolean;
