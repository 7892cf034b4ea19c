import { describe, expect, it } from 'vitest';
import { checkPolicySource } from './check-policy.js';
import { formatProblem } from './policy-problem.js';
import { CLEAN_POLICY_YAML, FIXTURE_NOW, fixtureWith } from './testing/policy-fixtures.js';

/** `line:column severity rule` for every problem, in file order. */
function problemsOf(text: string, now = FIXTURE_NOW): string[] {
  return checkPolicySource(text, { file: 'p.yaml', now }).problems.map(
    (problem) => `${problem.line}:${problem.column} ${problem.severity} ${problem.rule}`,
  );
}

describe('checkPolicySource', () => {
  it('finds nothing in the clean fixture and returns the frozen policy', () => {
    const result = checkPolicySource(CLEAN_POLICY_YAML, { now: FIXTURE_NOW });
    expect(result.problems).toEqual([]);
    expect(result.policy?.partners.map((partner) => partner.id)).toEqual(['acme', 'bravo']);
    expect(Object.isFrozen(result.policy?.partners[0])).toBe(true);
    // Defaults: a purpose with nothing listed discloses a pseudonym; pathPrefix is "/".
    expect(result.policy?.partners[1]?.purposes['age-verification']?.disclose).toEqual({
      pseudonym: 'X-LineKeeper-Pseudonym',
    });
  });

  it('prints like a compiler', () => {
    const text = fixtureWith('"*.id.acme.example"', '"*.co.uk"');
    const [problem] = checkPolicySource(text, { file: 'policy.yaml', now: FIXTURE_NOW }).problems;
    expect(problem && formatProblem(problem)).toBe(
      'policy.yaml:19:15 error policy/public-suffix-wildcard: *.co.uk covers every site registered under ' +
        "the public suffix co.uk; list the partner's own domain instead",
    );
  });

  it('reports YAML errors with their position, duplicate keys included', () => {
    expect(problemsOf(fixtureWith('id: fixture-1', 'id: fixture-1\nid: again'))).toEqual([
      '3:1 error policy/yaml-syntax',
    ]);
    expect(problemsOf(fixtureWith('    contact: dpo', '   contact: dpo'))[0]).toMatch(
      /^13:\d+ error policy\/yaml-syntax$/,
    );
  });

  it('reports unknown keys at the key, and still runs every other rule', () => {
    const text = fixtureWith(
      '    contact: dpo@acme.example\n',
      '    contact: dpo@acme.example\n    contcat: x\n',
    );
    expect(problemsOf(text)).toEqual(['14:5 error policy/unknown-key']);
    const both = fixtureWith('expires: 2030-12-31', 'expires: 2020-01-01', text);
    expect(problemsOf(both)).toEqual([
      '12:16 error policy/contract-expired',
      '14:5 error policy/unknown-key',
    ]);
  });

  it('reports a missing key at the mapping it is missing from', () => {
    const text = fixtureWith('    legalName: Bravo Media plc\n', '');
    expect(problemsOf(text)).toEqual(['29:5 error policy/schema']);
    expect(checkPolicySource(text).problems[0]?.message).toMatch(/partners\.1\.legalName is required/);
  });

  it('reports a duplicate partner id', () => {
    expect(problemsOf(fixtureWith('- id: bravo', '- id: acme'))).toEqual([
      '29:9 error policy/duplicate-partner',
    ]);
  });

  it('reports a purpose naming an undefined pool', () => {
    expect(problemsOf(fixtureWith('pools: [mobile-data]', 'pools: [wifi]'))).toEqual([
      '22:17 error policy/unknown-pool',
    ]);
  });

  it('warns about a CIDR with host bits set', () => {
    expect(problemsOf(fixtureWith('10.64.0.0/10', '10.64.0.1/10'))).toEqual([
      '5:7 warning policy/cidr-host-bits',
    ]);
  });

  describe('destinations', () => {
    const bravoOn = (lines: string) =>
      fixtureWith('        host: age.bravo.example\n        port: 8443\n', lines);

    it('rejects two partners on one host with one path prefix containing the other', () => {
      const text = bravoOn('        host: pay.acme.example\n        pathPrefix: /charge/refunds\n');
      expect(problemsOf(text)).toEqual(['38:21 error policy/overlapping-destination']);
    });

    it('accepts neighbouring prefixes that share no path (/charge vs /chargeback)', () => {
      expect(
        problemsOf(bravoOn('        host: pay.acme.example\n        pathPrefix: /chargeback\n')),
      ).toEqual([]);
      // Same host and path on another port or scheme is another destination.
      expect(problemsOf(bravoOn('        host: pay.acme.example\n        port: 8443\n'))).toEqual([]);
    });

    it("rejects a wildcard that covers another partner's host, case and trailing dot ignored", () => {
      const problems = problemsOf(bravoOn('        host: "*.ACME.example."\n'));
      expect(problems).toEqual([
        '37:15 error policy/shadowed-destination',
        '37:15 error policy/shadowed-destination',
      ]);
    });

    it('warns about a destination a wider one of the same partner already covers', () => {
      expect(problemsOf(fixtureWith('"*.id.acme.example"', '"*.acme.example"'))).toEqual([
        '16:15 warning policy/redundant-destination',
      ]);
    });

    it.each(['*.co.uk', '*.com', '*.github.io', '*.demo'])(
      'rejects the public-suffix wildcard %s',
      (host) => {
        expect(problemsOf(fixtureWith('"*.id.acme.example"', `"${host}"`))).toEqual([
          '19:15 error policy/public-suffix-wildcard',
        ]);
      },
    );

    it('accepts a wildcard on a registrable domain', () => {
      expect(problemsOf(fixtureWith('"*.id.acme.example"', '"*.acme.co.uk"'))).toEqual([]);
    });

    it('rejects a host that is not a DNS name', () => {
      expect(problemsOf(fixtureWith('"*.id.acme.example"', '"pay..acme.example"'))).toEqual([
        '19:15 error policy/schema',
      ]);
    });
  });

  describe('contracts (clock injected)', () => {
    it('rejects an expired contract, and not one that runs to the end of today', () => {
      expect(problemsOf(fixtureWith('expires: 2030-12-31', 'expires: 2025-05-31'))).toEqual([
        '12:16 error policy/contract-expired',
      ]);
      expect(problemsOf(fixtureWith('expires: 2030-12-31', 'expires: 2025-06-01'))).toEqual([
        '12:16 warning policy/contract-expiring',
      ]);
    });

    it('warns within 30 days of expiry', () => {
      expect(problemsOf(fixtureWith('expires: 2030-12-31', 'expires: 2025-06-30'))).toEqual([
        '12:16 warning policy/contract-expiring',
      ]);
      expect(problemsOf(fixtureWith('expires: 2030-12-31', 'expires: 2025-07-31'))).toEqual([]);
    });
  });

  describe('disclosures', () => {
    const justification =
      "        justification: The billed line's number is passed back with the order to charge it.\n";

    it('rejects a raw MSISDN without a written justification', () => {
      expect(problemsOf(fixtureWith(justification, ''))).toEqual([
        '24:11 error policy/msisdn-without-justification',
      ]);
      expect(problemsOf(fixtureWith(justification, '        justification: tbd\n'))).toEqual([
        '24:11 error policy/msisdn-without-justification',
      ]);
    });

    it('rejects a raw IMSI without a justification', () => {
      const text = fixtureWith(
        '          pseudonym: X-LineKeeper-Pseudonym\n',
        '          pseudonym: X-LineKeeper-Pseudonym\n          imsi: X-IMSI\n',
      );
      expect(problemsOf(text)).toEqual(['29:11 error policy/imsi-without-justification']);
    });

    it('warns when a raw MSISDN would cross plain http, not a pseudonym', () => {
      const text = fixtureWith(
        '      - scheme: https\n        host: pay',
        '      - scheme: http\n        host: pay',
      );
      expect(problemsOf(text)).toEqual(['24:11 warning policy/msisdn-over-http']);
      const bravoHttp = fixtureWith(
        '      - scheme: https\n        host: age',
        '      - scheme: http\n        host: age',
      );
      expect(problemsOf(bravoHttp)).toEqual([]);
    });

    it('rejects header names that are not tokens, or that HTTP itself uses', () => {
      expect(problemsOf(fixtureWith('msisdn: X-MSISDN', 'msisdn: "X MSISDN"'))).toEqual([
        '24:19 error policy/invalid-header-name',
      ]);
      expect(problemsOf(fixtureWith('pseudonym: X-LineKeeper-Pseudonym', 'pseudonym: Cookie'))).toEqual([
        '28:22 error policy/reserved-header-name',
      ]);
    });

    it('rejects one header name carrying two fields for one partner, whatever the case', () => {
      expect(problemsOf(fixtureWith('pseudonym: X-LineKeeper-Pseudonym', 'pseudonym: x-msisdn'))).toEqual([
        '28:22 error policy/header-collision',
      ]);
    });
  });
});
