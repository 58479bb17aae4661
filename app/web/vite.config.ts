import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const apiTarget = `http://127.0.0.1:${process.env.APP_PORT ?? 4310}`;

const proxy = {
  '/auth': apiTarget,
  '/api': apiTarget,
  '/health': apiTarget,
  '/ws': { target: apiTarget, ws: true },
};

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  // The UI imports the shared contract from the repo root, outside `root`.
  server: { host: '127.0.0.1', fs: { allow: [repoRoot] }, proxy },
  preview: { host: '127.0.0.1', proxy },
});
