import type { Command } from 'commander';
import { FRAMEWORK_NAMES } from '../envs/frameworks.js';
import { resolveInterpreters } from '../envs/interpreters.js';
import { checkSuite, formatCheck } from '../suites/check.js';
import { collect, configOption, err, out, pythonOption, resolveSettings } from './common.js';
import { seconds } from './parsers.js';


export function registerSuiteCheck(suite: Command): void {
  suite
    .command('check [dir]')
    .description(
      'validate a suite: every file imports, declares FUNCTION, has at least two cases, and every case calls FUNCTION inside bench.measure (each case is run once, eager, on CPU, in the worker `run` uses, under a tracer)',
    )
    .option('-f, --framework <name...>', `only these frameworks (${FRAMEWORK_NAMES.join(', ')})`, collect)
    .addOption(pythonOption())
    .addOption(configOption())
    .option('--timeout <seconds>', 'time limit per case, and for importing a file', seconds, 600)
    .option('-q, --quiet', 'no progress output')
    .option('--json', 'print the result as JSON')
    .action(async (dir: string | undefined, opts) => {
      const { config, python: flags } = resolveSettings({ config: opts.config, python: opts.python });
      const frameworks: string[] = opts.framework ?? FRAMEWORK_NAMES;
      const pythons: Record<string, string | null> = {};
      for (const i of resolveInterpreters(config, flags, frameworks)) pythons[i.framework] = i.python;
      const res = await checkSuite(dir ?? '.', {
        pythons,
        frameworks,
        timeoutS: opts.timeout,
        onFile: opts.quiet || opts.json ? undefined : (f) => err(`${f.status === 'ok' ? 'ok          ' : f.status === 'not_written' ? 'not written ' : 'PROBLEMS    '} ${f.file}`),
      });
      out(opts.json ? JSON.stringify(res, null, 2) : formatCheck(res));
      if (!res.ok) process.exitCode = 1;
    });
}
