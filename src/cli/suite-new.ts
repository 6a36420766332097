import type { Command } from 'commander';
import { FRAMEWORK_NAMES, frameworkSpec } from '../envs/frameworks.js';
import { layoutSuite, readManifest } from '../sampling/suite-layout.js';
import { out, UsageError } from './common.js';

export function registerSuiteNew(suite: Command): void {
  suite
    .command('new')
    .description('lay out a suite for a sample: one placeholder test file per sampled function (marked not written) and suite.json; never overwrites a file')
    .requiredOption('--from-sample <manifest>', 'sample manifest (portabench sample --json)')
    .option('-f, --framework <name>', `framework of the names (${FRAMEWORK_NAMES.join(', ')}; default: the manifest's)`)
    .option('--out <dir>', 'suite directory to create', 'suite')
    .option('--json', 'print {"dir","written":[…],"kept":[…]}')
    .action((opts) => {
      const manifest = readManifest(opts.fromSample);
      const framework: string | null = opts.framework ?? manifest.framework;
      if (!framework) throw new UsageError(`the manifest ${opts.fromSample} names no framework: pass --framework (${FRAMEWORK_NAMES.join(', ')})`);
      try {
        frameworkSpec(framework);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const r = layoutSuite(manifest, framework, opts.out);
      if (opts.json) return out(JSON.stringify(r, null, 2));
      out(`${r.dir}: ${r.written.length} file(s) written, ${r.kept.length} existing file(s) kept unchanged`);
      for (const k of r.kept) out(`  kept ${k}`);
    });
}
