/**
 * Renderer build: src/renderer -> dist-renderer/, loaded by `seam serve` over loopback and by the
 * Electron window from disk (hence relative asset paths). Nothing is inlined (no data: assets, no
 * inline scripts) so the page runs under a strict Content-Security-Policy.
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig(({ mode }) => ({
  root: here('./src/renderer'),
  // React's production build whatever NODE_ENV the caller has (vitest sets it to `test`)
  define: { 'process.env.NODE_ENV': JSON.stringify(mode === 'development' ? 'development' : 'production') },
  base: './',
  plugins: [react()],
  build: {
    outDir: here('./dist-renderer'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
}));
