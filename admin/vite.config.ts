import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the API at /admin/; in development the API (and its docs) run on port 3000.
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000', '/docs': 'http://127.0.0.1:3000' } },
});
