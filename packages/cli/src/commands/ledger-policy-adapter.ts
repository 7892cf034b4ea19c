import type { DisclosureAllowed } from '@linekeeper/ledger';
import { loadPolicyFile } from '@linekeeper/policy';

/**
 * `exposure --outside-policy FILE`: the ledger's `DisclosureAllowed` built from the policy
 * package's compiled matcher. A disclosure is inside the policy when the policy lists its
 * destination for that partner and purpose and allows every field that went.
 *
 * Contracts are judged at the window's start (`at`): a policy whose contract has expired since
 * still describes what was intended then. The ledger does not keep the client address, so
 * pools are not re-checked; a disclosure recorded without scheme counts as inside when http or
 * https would allow it, without path as `/`.
 */
export async function disclosureAllowedFromPolicyFile(file: string, at: Date): Promise<DisclosureAllowed> {
  const { compiled } = await loadPolicyFile(file, { clock: () => at, now: () => at.getTime() });
  return (d) => {
    const schemes = d.scheme ? [d.scheme] : ['http', 'https'];
    return schemes.some((scheme) =>
      compiled
        .match({ scheme, host: d.host, port: d.port, path: d.path ?? '/' })
        .some(
          (match) =>
            match.partnerId === d.partnerId &&
            match.purpose === d.purpose &&
            d.fields.every((field) => (match.fields as readonly string[]).includes(field)),
        ),
    );
  };
}
