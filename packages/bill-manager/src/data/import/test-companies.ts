import type { GeneratedCompany } from '../demo/write-bill-run-files.js';
import { dramaNumber } from '../demo/write-bill-run-files.js';

/** For tests: two small companies, A (lines 0–2) and B (lines 3–4), drama numbers only. */
export function testCompanies(): GeneratedCompany[] {
  const line = (n: number, costCentre: string) => ({
    msisdn: dramaNumber(n),
    userName: `User ${n}`,
    costCentre,
  });
  return [
    {
      companyRef: 'acme',
      name: 'Acme Ltd',
      accounts: [
        {
          accountNumber: 'ACC-A1',
          name: 'Acme main',
          lines: [line(0, 'Sales/North'), line(1, 'Sales/South'), line(2, 'Ops')],
        },
      ],
    },
    {
      companyRef: 'bravo',
      name: 'Bravo, Sons & Co',
      accounts: [{ accountNumber: 'ACC-B1', name: 'Bravo', lines: [line(3, 'HQ'), line(4, '')] }],
    },
  ];
}
