export { LineKeeperError, isLineKeeperError, type IdentityCoreErrorCode } from './errors.js';
export {
  parsePhoneNumber,
  toE164,
  type LineType,
  type PhoneNumber,
  type PhoneParseFailure,
  type PhoneParseResult,
  type ParsePhoneOptions,
} from './phone-number.js';
export { RESERVED_RANGES, findReservedRange, type ReservedRange } from './reserved-ranges.js';
export { parseImsi, type Imsi } from './imsi.js';
export { parseImei, hasValidLuhn, type Imei } from './imei.js';
export { MOBILE_COUNTRY_CODES, isAssignedMcc } from './mobile-country-codes.js';
export { createPseudonymizer, decodeKey, type Pseudonymizer, type PseudonymOptions } from './pseudonym.js';
export {
  redactIdentifiers,
  containsIdentifier,
  type RedactOptions,
  type RedactedKind,
} from './redact-identifiers.js';
export { createLogger, type CreateLoggerOptions, type Logger } from './logger.js';
export { parseConfig, readConfigFile, deepFreeze, type DeepReadonly } from './config.js';
export {
  IDENTIFIER_KINDS,
  type IdentifierKind,
  type Confidence,
  type CatalogueEntry,
  type Finding,
} from './identity-finding.js';
