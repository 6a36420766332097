import type { Command } from 'commander';
import { buildServer } from '../serve/server.js';
import { openExistingStore } from './analysis-common.js';
import { configOption, dbOption, err, out, resolveSettings } from './common.js';
import { positiveInt } from './parsers.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('a read-only dashboard over the store: runs and targets with fingerprints, the HTML report of any selection, diffs, trends over versions, the queue and its agents')
    .addOption(dbOption())
    .addOption(configOption())
    .option('--port <n>', 'port (0: any free one)', (v) => (v === '0' ? 0 : positiveInt(v)), 8377)
    .option('--host <address>', 'address to listen on; anything but 127.0.0.1 exposes the results to the network', '127.0.0.1')
    .action(async (opts) => {
      const store = await openExistingStore(resolveSettings(opts));
      const app = buildServer(store);
      const address = await app.listen({ port: opts.port, host: opts.host });
      out(`portabench serve: ${address}/ (read-only; Ctrl-C to stop)`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      err('portabench serve: stopping');
      await app.close();
      await store.close();
    });
}
