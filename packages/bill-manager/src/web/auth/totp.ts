import { Secret, TOTP } from 'otpauth';

const ISSUER = 'LineKeeper Bill Manager';
const PERIOD_S = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, email: string): string {
  return totpFor(secret, email).toString();
}

/**
 * The time step `code` is valid for (±1 step of clock drift), or undefined. The caller stores
 * the step and refuses any step at or before it, so a code is good once.
 */
export function totpStep(secret: string, code: string, now: number): number | undefined {
  const delta = totpFor(secret, 'user').validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return undefined;
  return Math.floor(now / 1000 / PERIOD_S) + delta;
}

/** For tests and the demo: the code for `now`. */
export function totpCode(secret: string, now: number): string {
  return totpFor(secret, 'user').generate({ timestamp: now });
}

function totpFor(secret: string, label: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_S,
    secret: Secret.fromBase32(secret),
  });
}
