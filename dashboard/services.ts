/**
 * Where the dashboard's browser reaches the four APIs: one origin. The page asks `/<service>/api/v1/…`
 * on its own origin (:5173) and the dashboard's server (or Vite's dev server) forwards it, without
 * the prefix, to the service: no CORS, and a cookie-less bearer token that never leaves the origin.
 * `system/` (the server behind `npm start`) and `vite.config.ts` (`npm run dev:dashboard`) both read
 * this table, so the two cannot drift.
 */
export const dashboardServices = ['atlas', 'nexacore', 'codecrafters', 'scoresquad'] as const;
export type DashboardService = (typeof dashboardServices)[number];

/** The path prefix the page uses for a service, e.g. `/codecrafters`. */
export const prefixOf = (service: DashboardService): string => `/${service}`;

/** The settings that name each service's port, with the system's defaults (system/config.ts). */
export const portSettings: Record<DashboardService, { name: string; fallback: number }> = {
  atlas: { name: 'ATLAS_PORT', fallback: 8000 },
  nexacore: { name: 'NEXACORE_PORT', fallback: 8001 },
  codecrafters: { name: 'CODECRAFTERS_PORT', fallback: 8002 },
  scoresquad: { name: 'SCORESQUAD_PORT', fallback: 8003 },
};
