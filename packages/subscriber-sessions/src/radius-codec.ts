import { fileURLToPath } from 'node:url';
import radius, { type DecodedPacket } from 'radius';

/** Shipped with the package: the 3GPP vendor (10415) attributes the codec does not carry. */
export const DICTIONARY_3GPP = fileURLToPath(new URL('../dictionary/dictionary.3gpp', import.meta.url));

let dictionariesLoaded = false;

/**
 * The `radius` codec, with its bundled RFC dictionaries plus LineKeeper's 3GPP dictionary.
 * The codec keeps its dictionary in module state, so loading is idempotent and done here only.
 */
export function radiusCodec(): typeof radius {
  if (!dictionariesLoaded) {
    radius.load_dictionaries();
    radius.load_dictionary(DICTIONARY_3GPP);
    dictionariesLoaded = true;
  }
  return radius;
}

/**
 * Decodes a datagram that has passed `checkAccountingPacket` and whose authenticator was
 * verified by LineKeeper (the codec's own check compares digests as UTF-8 strings, which is
 * neither exact nor constant-time). Throws on values the codec cannot read.
 */
export function decodeAccountingRequest(datagram: Buffer): DecodedPacket {
  return radiusCodec().decode_without_secret({ packet: datagram });
}
