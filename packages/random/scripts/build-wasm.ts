/**
 * Compiles src/wasm/kernels.wat (WebAssembly text with SIMD) into src/wasm/kernels-wasm.ts, the bytes
 * as base64, so the package needs no WebAssembly tool at install or run time.
 *
 *   npm run build:wasm -w @sigmoid/random      (after editing kernels.wat; kernels.test.ts fails until you do)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileKernelsWat, renderKernelsModule } from './compile-wat.js';

const watPath = fileURLToPath(new URL('../src/wasm/kernels.wat', import.meta.url));
const outPath = fileURLToPath(new URL('../src/wasm/kernels-wasm.ts', import.meta.url));
const bytes = await compileKernelsWat(readFileSync(watPath, 'utf8'));
writeFileSync(outPath, renderKernelsModule(bytes));
console.log(`wrote ${outPath} (${bytes.length} bytes of wasm)`);
