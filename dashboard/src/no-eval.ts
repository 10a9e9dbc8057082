/**
 * The page's CSP has no 'unsafe-eval' (system/dashboard/answer.ts). Zod compiles object parsers
 * with `new Function` where it may, and probes for it when a schema is made, which a strict CSP
 * reports as a violation even though zod catches the refusal. `jitless` turns both off. Imported
 * first by main.ts, before any module makes a schema.
 */
import { z } from 'zod';

z.config({ jitless: true });
