import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { exportBundle } from '../bundles/export.js';
import { openExistingStore, runIds } from './analysis-common.js';
import { collect, configOption, dbOption, err, out, resolveSettings, UsageError } from './common.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write runs to a results bundle (gzip\'d JSON Lines: runs, fingerprints, targets, suite hash, every case and result with every timing sample), to carry to another store with "import bundle"')
    .requiredOption('--run <id...>', 'runs to export ("last": the latest portabench run)', collect)
    .option('--out <file>', 'the bundle to write (default: portabench-runs-<ids>.jsonl.gz)')
    .addOption(dbOption())
    .addOption(configOption())
    .option('--json', 'print what was written as JSON')
    .action(async (opts) => {
      const store = await openExistingStore(resolveSettings(opts));
      try {
        const runs = await store.listRuns();
        const ids = (opts.run as string[]).flatMap((r) => {
          if (r !== 'last') return runIds([r])!;
          const own = runs.filter((x) => x.origin === 'run');
          if (!own.length) throw new UsageError(`no portabench run in ${store.location} to export`);
          return [own[own.length - 1].id];
        });
        const missing = ids.filter((id) => !runs.some((r) => r.id === id));
        if (missing.length) throw new UsageError(`no run ${missing.join(', ')} in ${store.location} (it has runs ${runs.map((r) => r.id).join(', ') || 'none'})`);
        const file: string = opts.out ?? `portabench-runs-${ids.join('-')}.jsonl.gz`;
        const res = await exportBundle(store, ids, file);
        const bytes = statSync(file).size;
        if (opts.json) out(JSON.stringify({ ...res, bytes }, null, 2));
        else {
          out(`wrote ${file}: ${res.runs} run(s), ${res.cases} cases, ${(bytes / 1024).toFixed(0)} KiB`);
          err(`import it elsewhere with: npx portabench import bundle ${file}`);
        }
      } finally {
        await store.close();
      }
    });
}
