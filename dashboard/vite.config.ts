/**
 * `npm run dev:dashboard`: Vite's dev server on :5173 with hot reload, forwarding `/<service>/…`
 * to the services `npm start` runs (the same table as the built app's server: `services.ts`).
 * The production build (`dashboard/dist`) is made by `npm start` when the sources are newer.
 */
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type ProxyOptions } from 'vite';
import { dashboardServices, portSettings, prefixOf } from './services.js';

const host = process.env['ATLAS_HOST'] ?? '127.0.0.1';

function proxies(): Record<string, ProxyOptions> {
  const table: Record<string, ProxyOptions> = {};
  for (const service of dashboardServices) {
    const { name, fallback } = portSettings[service];
    const prefix = prefixOf(service);
    table[`${prefix}/`] = {
      target: `http://${host}:${process.env[name] ?? fallback}`,
      rewrite: (path) => path.slice(prefix.length),
    };
  }
  return table;
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  server: { port: Number(process.env['DASHBOARD_PORT'] ?? 5173), strictPort: true, proxy: proxies() },
});
