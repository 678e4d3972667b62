import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The server (apps/server) serves dist/ and the API on one origin, so cookies and the CSRF header work
// without CORS. In dev, Vite proxies the API to it.
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/trpc': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
  preview: {
    port: 4173,
    proxy: {
      '/trpc': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Monaco and its TypeScript worker are large by nature; they load only on the challenge page.
    chunkSizeWarningLimit: 8000,
    reportCompressedSize: true,
    rollupOptions: {
      // The local-run sandbox page, served from another site than the app (src/local/sandboxFrame.ts).
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        sandbox: fileURLToPath(new URL('./sandbox.html', import.meta.url)),
      },
    },
  },
})
