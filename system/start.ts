/**
 * `npm start`: the whole system in one process on the embedded stores (or on EventStoreDB and
 * MongoDB when ESDB_URL / MONGO_URL are set). `npm start -- atlas` starts only the named parts.
 */
import { createLogger } from '../http/index.js';
import { loadConfig } from './config.js';
import { DashboardBuildError } from './dashboard/build.js';
import { serviceNames, startSystem, type ServiceName } from './system.js';

function chosenServices(args: readonly string[]): ServiceName[] | undefined {
  if (args.length === 0) return undefined;
  const unknown = args.filter((a) => !(serviceNames as readonly string[]).includes(a));
  if (unknown.length > 0) {
    console.error(`unknown service(s): ${unknown.join(', ')}; known: ${serviceNames.join(', ')}`);
    process.exit(2);
  }
  return args as ServiceName[];
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const logger = createLogger({ name: 'atlas-system', level: config.LOG_LEVEL });
  const services = chosenServices(process.argv.slice(2));
  const system = await startSystem(config, { logger, ...(services ? { services } : {}) });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    system.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // A failed dashboard build says what Vite said; a stack trace would only hide it.
  console.error(error instanceof DashboardBuildError ? error.message : error);
  process.exit(1);
});
