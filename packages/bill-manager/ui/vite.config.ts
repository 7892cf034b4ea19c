import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The server's CSP is `script-src 'self'; style-src 'self'`: the build must emit only external,
// hashed scripts and stylesheets — no inline script, no injected <style>.
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    // Fonts and icons are files, never data: URLs (the CSP has no `data:` for fonts or images).
    assetsInlineLimit: 0,
    // The polyfill is only for browsers without modulepreload; every supported browser has it.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        // React and the chart library change rarely: their own long-cached chunks.
        manualChunks(id: string) {
          if (
            /node_modules\/(recharts|victory-vendor|d3-|@reduxjs|immer|reselect|react-redux|es-toolkit|decimal\.js)/.test(
              id,
            )
          )
            return 'charts';
          if (/node_modules\/(react|react-dom|react-router|scheduler|cookie|set-cookie-parser)\//.test(id))
            return 'react';
          return undefined;
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    // `vite --config ui/vite.config.ts` beside `linekeeper bill-manager` for live editing.
    proxy: { '/api': 'http://127.0.0.1:8082' },
  },
});
