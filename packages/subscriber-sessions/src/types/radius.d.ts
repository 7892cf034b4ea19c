/** The parts of the untyped `radius` codec (nearbuy/node-radius 1.x) that LineKeeper uses. */
declare module 'radius' {
  export type AttributeValue = string | number | Date | Buffer | null;
  export type AttributeMap = Record<string, AttributeValue | AttributeValue[] | Record<string, unknown>>;
  export type EncodeAttribute =
    | [string | number, AttributeValue]
    | [string, string | number, EncodeAttribute[]];

  export interface DecodedPacket {
    code: string;
    identifier: number;
    length: number;
    authenticator: Buffer;
    attributes: AttributeMap & { 'Vendor-Specific'?: Record<string, AttributeValue | AttributeValue[]> };
    raw_attributes: [number, Buffer][];
  }

  export interface EncodeArgs {
    code: string;
    secret: string;
    identifier?: number;
    authenticator?: Buffer;
    attributes?: EncodeAttribute[];
    add_message_authenticator?: boolean;
  }

  interface Radius {
    load_dictionaries(): void;
    load_dictionary(file: string): void;
    decode_without_secret(args: { packet: Buffer }): DecodedPacket;
    encode(args: EncodeArgs): Buffer;
    verify_response(args: { request: Buffer; response: Buffer; secret: string }): boolean;
    /** The attribute's number as the dictionary spells it (a decimal string), if known. */
    attr_name_to_id(name: string, vendor?: number | string): string | undefined;
    /** The vendor's number (a decimal string), if a loaded dictionary declares it. */
    vendor_name_to_id(name: string): string | undefined;
  }

  const radius: Radius;
  export default radius;
}
