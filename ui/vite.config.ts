import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The desktop shell loads `dist/` through its own protocol; in development
// it loads this dev server (see src-tauri/tauri.conf.json).
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: { target: 'safari16', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 800 },
  // Tests (Vitest runs in mode `test`) take Svelte's browser runtime, so
  // runes modules (`*.svelte.ts`) run their effects as in the app.
  resolve: mode === 'test' ? { conditions: ['browser'] } : undefined,
  test: { environment: 'jsdom', include: ['src/**/*.test.ts'] },
}));
