/** WebAssembly text to binary with wabt. */
export function compileByteClasses(text: string): Promise<Uint8Array>;
