// WebAssembly text to binary with wabt (the WebAssembly Binary Toolkit's JavaScript build).
import wabt from 'wabt';

export async function compileByteClasses(text) {
  const toolkit = await wabt();
  const module = toolkit.parseWat('byte-classes.wat', text, { simd: true });
  try {
    module.validate();
    return module.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}
