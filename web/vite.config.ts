// The web app of `xxgk serve`: React, built into web/dist and served by the HTTP server beside /api.
// The template, the rules and the official layout are imported straight from ../src (pure TypeScript), so the
// browser draws the same tables and runs the same checks as the command line.

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
  worker: { format: 'es' },
  server: {
    // `npm run dev:web` against a running `xxgk serve` on :8080
    proxy: { '/api': process.env['XXGK_API'] ?? 'http://127.0.0.1:8080' },
  },
});
