// Builds the page into web/dist, which the server serves at `/`.
// `pnpm --filter @api-tokens/web dev` serves it with hot reload and forwards
// /graphql and /auth to a server started with `pnpm start` on port 4000.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The SDK's generated typed documents, straight from its source (no SDK build needed).
    alias: { '@api-tokens/sdk': fileURLToPath(new URL('../sdk/src/index.ts', import.meta.url)) },
    dedupe: ['@urql/core', 'react', 'react-dom'],
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, reportCompressedSize: false },
  server: {
    proxy: {
      '/graphql': 'http://127.0.0.1:4000',
      // The dev sign-in answers only requests addressed to the server itself on loopback
      // (server/src/http/loopback.ts), so these arrive as if sent to 127.0.0.1:4000. Vite
      // accepts only localhost Hosts, and the browser's Sec-Fetch-Site still says where they came from.
      '/auth': { target: 'http://127.0.0.1:4000', changeOrigin: true, headers: { origin: 'http://127.0.0.1:4000' } },
    },
  },
});
