import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { FRAMEWORK_NAMES, frameworkSpec } from '../envs/frameworks.js';
import { resolveInterpreters } from '../envs/interpreters.js';
import { Store } from '../store/store.js';
import { saveFunctionTraces } from '../trace/store.js';
import { calledFunctions, traceApi } from '../trace/trace-api.js';
import { collect, configOption, dbOption, err, out, pythonOption, resolveSettings, UsageError } from './common.js';

/** --functions: a file of names (one a line, or a JSON array), or names themselves. */
function namesOf(given: string[]): string[] {
  return given.flatMap((g) => {
    if (!existsSync(g)) return g.split(',').map((s) => s.trim()).filter(Boolean);
    const text = readFileSync(g, 'utf8');
    if (text.trimStart().startsWith('[')) return JSON.parse(text) as string[];
    return text.split('\n').map((s) => s.trim()).filter((s) => s && !s.startsWith('#'));
  });
}

export function registerTraceApi(program: Command): void {
  program
    .command('trace-api')
    .description('trace public functions on the CPU with made-up representative inputs and store, per framework version, the operators each dispatches ("no device work" when none): check joins them with per-operator evidence')
    .requiredOption('-f, --framework <name>', `framework (${FRAMEWORK_NAMES.join(', ')})`)
    .option('--functions <file|names...>', 'qualified names (comma-separated), or a file of them (one a line, or a JSON array)', collect)
    .option('--from <path...>', "the functions a code base calls (check's static scan; never imported or run)", collect)
    .option('--top <n>', 'with --from: only the N most-called functions', Number)
    .option('--timeout <seconds>', 'time limit per function', Number, 20)
    .addOption(pythonOption())
    .addOption(dbOption())
    .addOption(configOption())
    .option('--json', 'print the traces as JSON')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (opts) => {
      const framework: string = opts.framework;
      try {
        frameworkSpec(framework);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      if (!opts.functions && !opts.from) throw new UsageError('name the functions to trace: --functions NAMES|FILE, or --from PATH (a code base)');
      const names = opts.functions ? namesOf(opts.functions) : [];
      if (opts.from) {
        let called = await calledFunctions(opts.from, framework);
        if (opts.top) called = called.slice(0, opts.top);
        names.push(...called.map((c) => c.function));
      }
      if (!names.length) throw new UsageError(`no ${framework} function to trace${opts.from ? ` in ${opts.from.join(', ')}` : ''}`);
      const { config, python: flags, db } = resolveSettings(opts);
      const [interp] = resolveInterpreters(config, flags, [framework]);
      if (!interp?.python) throw new UsageError(`no Python environment for ${framework}: run "portabench setup" or pass --python ${framework}=/path/to/python`);
      const r = await traceApi({ framework, python: interp.python, names, timeoutS: opts.timeout, onProgress: opts.quiet ? undefined : (d, n) => err(`${framework}: traced ${d}/${n}`) });
      const store = await Store.open(db);
      try {
        await saveFunctionTraces(store.db, framework, r.version, r.traces);
      } finally {
        await store.close();
      }
      if (opts.json) return out(JSON.stringify({ framework, version: r.version, seconds: r.seconds, traces: r.traces }, null, 2));
      const none = r.traces.filter((t) => t.deviceWork === false);
      const failed = r.traces.filter((t) => t.deviceWork == null);
      out(
        [
          `${framework} ${r.version}: traced ${r.traces.length} functions in ${r.seconds.toFixed(1)} s: ${r.traces.length - none.length - failed.length} dispatch operators, ${none.length} do no device work, ${failed.length} could not be called`,
          ...(none.length ? [`  no device work: ${none.slice(0, 20).map((t) => t.function).join(', ')}${none.length > 20 ? ', …' : ''}`] : []),
          ...failed.slice(0, 10).map((t) => `  ! ${t.function}: ${t.error}`),
        ].join('\n'),
      );
    });
}
