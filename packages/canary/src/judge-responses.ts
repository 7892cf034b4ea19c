/**
 * What a canary answer means. Pure functions over the parsed JSON, so the rules are tested
 * without a network. Reasons name headers and kinds of identifier, never a value.
 */
export interface Verdict {
  readonly alarm: boolean;
  readonly reason: string;
}

/**
 * The leak-check page's `/api/check` answer, seen by the canary subscriber through the gateway:
 * any finding, or any header a partner is meant to receive, means identity reached a host that
 * no policy may list.
 */
export function judgeCanaryHost(status: number, body: string, partnerHeaders: readonly string[]): Verdict {
  if (status !== 200) return { alarm: true, reason: `canary host answered ${status}: the canary is blind` };
  const parsed = parseJson(body) as { findings?: unknown; headers?: unknown } | undefined;
  if (!parsed || !Array.isArray(parsed.findings)) {
    return { alarm: true, reason: 'canary host answer is not leak-check JSON: the canary is blind' };
  }
  const leaked: string[] = [];
  for (const finding of parsed.findings as { header?: unknown; kind?: unknown }[]) {
    leaked.push(`${String(finding.header)} (${String(finding.kind)})`);
  }
  const received = headerNames(parsed.headers);
  for (const name of partnerHeaders) {
    const lower = name.toLowerCase();
    if (received.has(lower) && !leaked.some((item) => item.toLowerCase().startsWith(`${lower} `))) {
      leaked.push(`${name} (partner header)`);
    }
  }
  if (leaked.length > 0)
    return { alarm: true, reason: `identity reached the canary host: ${leaked.join(', ')}` };
  return { alarm: false, reason: 'no identity at the canary host' };
}

/** A partner's canary URL (an echo of the headers it received): every expected header present. */
export function judgePartner(status: number, body: string, expectHeaders: readonly string[]): Verdict {
  if (status !== 200) return { alarm: true, reason: `partner canary URL answered ${status}` };
  const parsed = parseJson(body) as { headers?: unknown } | undefined;
  if (!parsed) return { alarm: true, reason: 'partner canary URL did not answer JSON' };
  const received = headerNames(parsed.headers);
  const missing = expectHeaders.filter((name) => !received.has(name.toLowerCase()));
  if (missing.length > 0) return { alarm: true, reason: `partner no longer receives ${missing.join(', ')}` };
  return { alarm: false, reason: `partner receives ${expectHeaders.join(', ') || 'nothing expected'}` };
}

/** Header names (lower case, non-empty values) from `{name: value | value[]}`. */
function headerNames(headers: unknown): Set<string> {
  const names = new Set<string>();
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) return names;
  for (const [name, value] of Object.entries(headers)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((item) => typeof item === 'string' && item.trim() !== '')) names.add(name.toLowerCase());
  }
  return names;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
