// Builds the Zalo Mini App. Run from the repo root (`npm run build`): the Zalo plugin and `zmp deploy` read
// app-config.json there. `--mode e2e` swaps zmp-sdk for the browser tests' fake (test/e2e/zmp-sdk-fake.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import zaloMiniApp from 'zmp-vite-plugin';
import { lazyOnlyCss } from './lazy-css';
import { firstLoadPlugin } from './first-load-plugin';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const appConfig = JSON.parse(readFileSync(here('../app-config.json'), 'utf8'));

export default defineConfig(({ mode }) => ({
  root: here('.'),
  envDir: here('.'),
  plugins: [react(), zaloMiniApp(appConfig), lazyOnlyCss(/[\\/]node_modules[\\/]leaflet[\\/]/), firstLoadPlugin()],
  resolve: {
    alias: mode === 'e2e' ? [{ find: /^zmp-sdk\/apis$/, replacement: here('../test/e2e/zmp-sdk-fake.ts') }] : [],
  },
  build: {
    outDir: mode === 'e2e' ? here('dist-e2e') : here('dist'),
    emptyOutDir: true,
    target: 'es2017',
    reportCompressedSize: true,
    // Sizes are checked by bundle-report.ts against the first-load budget; the entry (React, zmp-ui) is ~330 kB raw.
    chunkSizeWarningLimit: 400,
  },
  // No xfwd: the server's development sign-in refuses requests that carry proxy headers (X-Forwarded-*).
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000' } },
}));
