export { type DeepReadonly, deepFreeze, parseConfig, readConfigFile } from './config.js';
export { type DetectIdentityOptions, detectIdentity, type HeaderInput } from './detect-identity.js';
export { type IdentityCoreErrorCode, isLineKeeperError, LineKeeperError } from './errors.js';
export { IDENTITY_HEADER_CATALOGUE, isIdentityHeaderName, lookupHeader } from './header-catalogue.js';
export { matchHeaderName, type NameRuleMatch, normaliseHeaderName } from './header-name-rule.js';
export {
  type CatalogueEntry,
  type Confidence,
  type Finding,
  IDENTIFIER_KINDS,
  type IdentifierKind,
} from './identity-finding.js';
export { hasValidLuhn, type Imei, parseImei } from './imei.js';
export { type Imsi, parseImsi } from './imsi.js';
export { type CreateLoggerOptions, createLogger, type Logger } from './logger.js';
export { isAssignedMcc, MOBILE_COUNTRY_CODES } from './mobile-country-codes.js';
export {
  type LineType,
  type ParsePhoneOptions,
  type PhoneNumber,
  type PhoneParseFailure,
  type PhoneParseResult,
  parsePhoneNumber,
  toE164,
} from './phone-number.js';
export { createPseudonymizer, decodeKey, type Pseudonymizer, type PseudonymOptions } from './pseudonym.js';
export {
  containsIdentifier,
  type RedactedKind,
  type RedactOptions,
  redactIdentifiers,
} from './redact-identifiers.js';
export { findReservedRange, RESERVED_RANGES, type ReservedRange } from './reserved-ranges.js';
