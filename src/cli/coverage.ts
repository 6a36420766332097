import type { Command } from 'commander';
import { COVERAGE_LEVEL, COVERAGE_SOURCES, LIVE_SOURCES, OPT_IN_SOURCES, PAIR_SOURCES, readCoverage, type CoverageDoc } from '../coverage/read.js';
import { staticLabel, storeCoverage } from '../coverage/store.js';
import { resolveInterpreters } from '../envs/interpreters.js';
import { installedGpuRegistryPython } from '../envs/registry-env.js';
import { deviceMatches } from '../model/vocabulary.js';
import { frameworkSpec } from '../envs/frameworks.js';
import { Store } from '../store/store.js';
import { collect, configOption, dbOption, err, out, pythonOption, resolveSettings, UsageError } from './common.js';

interface DeviceCoverage {
  device: string;
  source: string;
  speaks_for: boolean;
  reason: string | null;
  label: string;
  run_id: number | null;
  cases: number;
  registered: number;
  functions: number;
  /** Functions with at least one operator (or dtype) not registered. */
  functions_lacking: number;
  examples: string[];
  /** op-dtypes: how the two sources joined (OpInfos, those naming an ATen operator, those with no kernel there, declared without one). */
  join?: Record<string, number>;
}

function summarize(doc: CoverageDoc, runId: number | null): DeviceCoverage {
  const lacking = new Map<string, string>();
  for (const e of doc.entries) if (!e.registered && !lacking.has(e.function)) lacking.set(e.function, e.case);
  return {
    device: doc.device,
    source: doc.source,
    speaks_for: doc.speaks_for,
    reason: doc.reason,
    label: staticLabel(doc),
    run_id: runId,
    cases: doc.entries.length,
    registered: doc.entries.filter((e) => e.registered).length,
    functions: new Set(doc.entries.map((e) => e.function)).size,
    functions_lacking: lacking.size,
    examples: [...lacking].filter(([f]) => !f.startsWith('torch.ops.aten._')).slice(0, 8).map(([f, c]) => `${f} (${c})`),
    ...(doc.build.join && typeof doc.build.join === 'object' ? { join: doc.build.join as Record<string, number> } : {}),
  };
}

export function registerCoverage(program: Command): void {
  program
    .command('coverage')
    .description("static coverage: which operators a framework build registers kernels for on a device (PyTorch's dispatcher or its native_functions.yaml, TensorFlow's kernel registry) or what its own test database declares (PyTorch OpInfo), stored apart from measured results")
    .requiredOption('-f, --framework <name>', `framework (${Object.keys(COVERAGE_SOURCES).join(', ')})`)
    .option('-d, --device <name...>', 'devices to read (default: cpu and cuda)', collect)
    .option('--source <name>', 'registry to read: dispatcher, native-functions, opinfo-declarations or op-dtypes (the yaml\'s kernels joined with OpInfo\'s dtypes, op × dtype; only when named) (pytorch), kernels (tensorflow); default: the live kernel registry, then, for a device the build cannot speak for, the build\'s native_functions.yaml, then the test declarations where the framework has them')
    .addOption(pythonOption())
    .addOption(dbOption())
    .addOption(configOption())
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const framework: string = opts.framework;
      const sources = COVERAGE_SOURCES[framework];
      if (!sources) throw new UsageError(`static coverage is read for ${Object.keys(COVERAGE_SOURCES).join(' and ')}, not "${framework}"`);
      if (opts.source && !sources.includes(opts.source)) throw new UsageError(`--source for ${framework} is one of ${sources.join(', ')}, not "${opts.source}"`);
      const settings = resolveSettings(opts);
      const [interp] = resolveInterpreters(settings.config, settings.python, [framework]);
      if (!interp?.python) throw new UsageError(`no Python environment for ${framework}: run "portabench setup" or pass --python ${framework}=/path/to/python`);
      const store = await Store.open(settings.db);
      const results: DeviceCoverage[] = [];
      try {
        for (const device of (opts.device as string[] | undefined) ?? ['cpu', 'cuda']) {
          const tried = opts.source ? [opts.source] : sources.filter((s) => !OPT_IN_SOURCES.has(s));
          let registered = false;
          for (const source of tried) {
            // The first registry that speaks for the device answers for its kernels; the
            // tests' declarations (op × dtype) are read beside a yaml, not beside the live one.
            if (registered && COVERAGE_LEVEL[source] === 'registered') continue;
            if (!opts.json) err(`reading ${framework} ${source} for ${device}…`);
            // a GPU device is read from the environment made for its registry when there is one
            const gpuRegistry = deviceMatches(device, 'cuda') && !settings.python[framework] ? installedGpuRegistryPython(settings.config, framework) : null;
            const doc = await readCoverage({ framework, device, source, python: gpuRegistry ?? interp.python });
            if (!doc.speaks_for && !gpuRegistry && frameworkSpec(framework).gpuRegistryInstalls && deviceMatches(device, 'cuda')) doc.reason += ' (run "portabench setup --with tf-gpu-registry" for an environment with the CUDA build, read only for its kernel registry)';
            const stored = doc.speaks_for ? await storeCoverage(store, doc) : null;
            results.push(summarize(doc, stored?.runId ?? null));
            if (doc.speaks_for && LIVE_SOURCES.has(source)) break;
            if (doc.speaks_for && COVERAGE_LEVEL[source] === 'registered') registered = true;
          }
        }
      } finally {
        await store.close();
      }
      if (opts.json) {
        out(JSON.stringify({ framework, db: settings.db, devices: results }, null, 2));
        return;
      }
      const lines: string[] = [];
      for (const r of results) {
        if (!r.speaks_for) {
          lines.push(`${framework}/${r.device} [${r.source}]: cannot say — ${r.reason}`);
          continue;
        }
        lines.push(
          `${framework}/${r.device}/static@${r.label} → run ${r.run_id}: ${r.registered} of ${r.cases} ${PAIR_SOURCES.has(r.source) ? 'operator × dtype pairs' : 'operator overloads'} ${COVERAGE_LEVEL[r.source] ?? 'registered'}; ${r.functions_lacking} of ${r.functions} functions lack at least one`,
        );
        if (r.examples.length) lines.push(`    e.g. ${r.examples.join(', ')}`);
        if (r.join) lines.push(`    ${r.join.opinfos} OpInfos, ${r.join.aten_operator} naming an ATen operator of the yaml; ${r.join.no_kernel} of those have no kernel there, ${r.join.declared_without_kernel} of them with dtypes OpInfo declares for ${r.device} anyway`);
      }
      lines.push('', `Static results are stored apart from measured ones (mode "static", origin static:…): see them with "portabench report --origin static:${framework}-<source>" or "portabench report --all".`);
      out(lines.join('\n'));
    });
}
