import type { Finding, IdentifierKind } from '@linekeeper/identity-core';
import type { CheckedHeaderLine, LeakCheckResult } from './check-headers.js';
import { escapeHtml } from './escape-html.js';
import { explainFinding } from './explain-finding.js';
import { PAGE_STYLE } from './page-style.js';

const CONFIDENCE_WORDS = {
  high: 'Certain: the name and the value agree, or the value validates as an identifier.',
  medium: 'Likely: the name or the value points to an identifier, but it could not be confirmed.',
  low: 'Possible: a weak sign, such as a name that often, but not always, carries an identifier.',
} as const;

// Cards most serious first: what names the person before what merely locates them.
const SEVERITY: readonly IdentifierKind[] = [
  'msisdn',
  'imsi',
  'imei',
  'subscriber-id',
  'tracking-id',
  'client-ip',
];
const CONFIDENCE_ORDER = ['high', 'medium', 'low'] as const;

/**
 * The leak-check page: a verdict, one card per finding in plain language, then every header line
 * received in arrival order with the identity-bearing ones marked. Everything that came from the
 * request is escaped; the page needs no script and no external resource.
 */
export function renderCheckPage(result: LeakCheckResult): string {
  const { lines } = result;
  const findings = bySeverity(result.findings);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Leak check: does your connection tell websites who you are?</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<p class="brand">LineKeeper leak check</p>
<h1>Does your connection tell websites who you are?</h1>
</header>
<main>
${renderVerdict(findings)}
<p>Every website sees the HTTP headers your browser sends, and any headers that a network between you and the website adds on the way. Some mobile operators add your phone number or another identifier. In January 2012 a UK operator’s proxy sent its customers’ phone numbers to every website they visited for two weeks; a page like this one is how it came to light.</p>
${findings.length > 0 ? renderFindings(findings, lines) : ''}
${renderHeaderTable(lines)}
</main>
<footer>
<h2>What this page keeps</h2>
<p>Nothing about you. It does not store or log your headers, your number or your address: it counts only how many checks it served and how many identifiers of each kind it found. Your browser is told not to keep a copy. The same result is available as JSON at <a href="/api/check">/api/check</a>.</p>
</footer>
</body>
</html>
`;
}

function renderVerdict(findings: readonly Finding[]): string {
  if (findings.length === 0) {
    return `<section id="verdict" class="verdict verdict-clear" aria-labelledby="verdict-title" data-findings="0">
<h2 id="verdict-title">No identifier detected</h2>
<p>None of the headers that reached this website carries a phone number, a SIM or device identity, a subscriber or tracking id, or a forwarded address that we recognise.</p>
<p>If you are on Wi-Fi, try again over mobile data: operators add such headers only on their own network.</p>
</section>`;
  }
  const labels = [...new Set(findings.map((f) => explainFinding(f).label.toLowerCase()))];
  const count = findings.length === 1 ? '1 header' : `${findings.length} headers`;
  return `<section id="verdict" class="verdict verdict-found" aria-labelledby="verdict-title" data-findings="${findings.length}">
<h2 id="verdict-title">Identity detected: ${count} can identify you</h2>
<p>This website received ${escapeHtml(listOf(labels))}. Every other website you visit this way probably does too.</p>
</section>`;
}

function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY.indexOf(a.kind) - SEVERITY.indexOf(b.kind) ||
      CONFIDENCE_ORDER.indexOf(a.confidence) - CONFIDENCE_ORDER.indexOf(b.confidence),
  );
}

function renderFindings(findings: readonly Finding[], lines: readonly CheckedHeaderLine[]): string {
  const cards = findings.map((finding, index) => renderFinding(finding, index, lines));
  return `<section aria-labelledby="findings-title">
<h2 id="findings-title">What was found, and what you can do</h2>
<ol class="findings">
${cards.join('\n')}
</ol>
</section>`;
}

function renderFinding(finding: Finding, index: number, lines: readonly CheckedHeaderLine[]): string {
  const explanation = explainFinding(finding);
  const id = `finding-${index + 1}`;
  const values = lines
    .filter((line) => line.findings.some((f) => f.header === finding.header && f.kind === finding.kind))
    .map((line) => `<code>${escapeHtml(line.value)}</code>`);
  const note = explanation.note ? `<dt>Worth knowing</dt>\n<dd>${escapeHtml(explanation.note)}</dd>\n` : '';
  const steps = explanation.whatYouCanDo.map((step) => `<li>${escapeHtml(step)}</li>`).join('\n');
  return `<li class="finding" data-kind="${escapeHtml(finding.kind)}" data-header="${escapeHtml(finding.header)}" data-confidence="${finding.confidence}">
<article aria-labelledby="${id}">
<h3 id="${id}">${escapeHtml(explanation.label)} in <code>${escapeHtml(finding.header)}</code></h3>
<p>Value received: ${values.join(', ')}</p>
<dl>
<dt>What it is</dt>
<dd>${escapeHtml(explanation.whatItIs)}</dd>
<dt>Who sends it</dt>
<dd>${escapeHtml(explanation.whoSendsIt)}</dd>
${note}<dt>How sure we are</dt>
<dd>${CONFIDENCE_WORDS[finding.confidence]}
<details><summary>Why we report it</summary><p>${escapeHtml(finding.reason)}</p></details></dd>
</dl>
<h4>What you can do</h4>
<ul>
${steps}
</ul>
</article>
</li>`;
}

function renderHeaderTable(lines: readonly CheckedHeaderLine[]): string {
  const rows = lines.map((line) => {
    const kinds = [...new Set(line.findings.map((f) => f.kind))];
    if (kinds.length === 0) {
      return `<tr><th scope="row"><code>${escapeHtml(line.name)}</code></th><td><code>${escapeHtml(line.value)}</code></td></tr>`;
    }
    const labels = line.findings.map((f) => explainFinding(f).label);
    const flag = `<span class="flag">Identity: ${escapeHtml([...new Set(labels)].join(', ').toLowerCase())}</span>`;
    return `<tr class="identity" data-kind="${escapeHtml(kinds.join(' '))}"><th scope="row"><code>${escapeHtml(line.name)}</code> ${flag}</th><td><code>${escapeHtml(line.value)}</code></td></tr>`;
  });
  const count = lines.length === 1 ? '1 header line' : `${lines.length} header lines`;
  return `<section aria-labelledby="headers-title">
<h2 id="headers-title">Every header this website received</h2>
<p>${count}, in the order they arrived; a name listed twice was sent twice. Marked lines can identify you.</p>
<table>
<caption class="visually-hidden">Request headers received, identity-bearing ones marked</caption>
<thead><tr><th scope="col">Header</th><th scope="col">Value</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
