import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The desktop shell loads `dist/` through its own protocol; in development
// it loads this dev server (see src-tauri/tauri.conf.json).
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: { target: 'safari16', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 800 },
  test: { environment: 'jsdom', include: ['src/**/*.test.ts'] },
});
