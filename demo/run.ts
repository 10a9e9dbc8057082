/**
 * `npm run demo`: fills the running services with the demo organization. Exit codes: 0 done, 1
 * the services do not answer or a step failed, 2 a bad option or setting.
 */
import { runDemo } from './demo.js';
import { parseOptions, USAGE, UsageError, type DemoOptions } from './options.js';
import { recordsBar } from './progress.js';
import { loadUrls, SettingsError, type DemoUrls } from './settings.js';
import { unreachable } from './settle.js';
import { summaryOf } from './summary.js';

async function main(): Promise<number> {
  let options: DemoOptions | 'help';
  let urls: DemoUrls;
  try {
    options = parseOptions(process.argv.slice(2));
    urls = loadUrls();
  } catch (error) {
    if (error instanceof UsageError || error instanceof SettingsError) {
      console.error(`npm run demo: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const down = await unreachable(urls);
  if (down.length > 0) {
    console.error(
      `The services do not answer (${down.join(', ')}): run \`npm start\` first, then \`npm run demo\` again.`,
    );
    return 1;
  }
  const started = performance.now();
  const result = await runDemo(urls, options, {
    progress: recordsBar(),
    say: (line) => console.error(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`),
  });
  console.log(summaryOf(result, (performance.now() - started) / 1000));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`npm run demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
