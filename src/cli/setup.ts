import { type Command, Option } from 'commander';
import { ensureAotEnv, ensureManagedEnv, ensureManagedNode, type SetupResult } from '../envs/setup.js';
import { MODELS_FRAMEWORKS, ensureModelsEnv } from '../envs/models-env.js';
import { GPU_REGISTRY_FRAMEWORKS, ensureGpuRegistryEnv } from '../envs/registry-env.js';
import { FRAMEWORK_NAMES, frameworkSpec } from '../envs/frameworks.js';
import { resolveInterpreters } from '../envs/interpreters.js';
import type { Config } from '../envs/config.js';
import { collect, configOption, err, out, pythonOption, resolveSettings } from './common.js';

/** What `setup --with` can add besides the framework environments. */
export const SETUP_EXTRAS = ['node-lts', 'aot', 'models', 'tf-gpu-registry'];

/** Create portabench's managed environments for the frameworks that have no interpreter. */
export async function setupMissing(config: Config, flags: Record<string, string>, frameworks: string[], log: (s: string) => void): Promise<SetupResult[]> {
  const all = resolveInterpreters(config, flags, frameworks);
  for (const i of all) {
    if (i.source === 'flag' || i.source === 'config') log(`[setup] ${i.framework}: uses your interpreter ${i.python} (from ${i.source === 'flag' ? '--python' : 'the config file'}); portabench never installs into it`);
  }
  const wanted = all.filter((i) => i.source === 'managed' || i.source === 'missing');
  const results = await Promise.all(
    wanted.map((i) =>
      ensureManagedEnv(config, i.framework, (e) => {
        if (e.step !== 'checking') log(`[setup] ${e.framework}: ${e.step}…`);
      }),
    ),
  );
  for (const r of results) {
    if (r.status === 'installed') log(`[setup] ${r.framework}: installed ${r.installed?.join(' ')} in ${r.seconds.toFixed(0)} s → ${r.python}`);
    if (r.status === 'failed') log(`[setup] ${r.framework}: FAILED — ${r.problem}`);
  }
  return results;
}

export function registerSetup(program: Command): void {
  program
    .command('setup')
    .description("create portabench's own Python environment for each framework that has none (PyTorch, JAX, TensorFlow); a second call installs nothing")
    .option('-f, --framework <name...>', `frameworks (${FRAMEWORK_NAMES.join(', ')})`, collect)
    .addOption(pythonOption())
    .addOption(configOption())
    .addOption(new Option('--with <extra...>', 'also install an extra: node-lts (a supported Node LTS runtime from PyPI, for pack --node); aot (JAX with the TPU compiler libtpu and the CUDA PJRT plugin in an environment of its own, for run -m aot: about 470 MB to download, 1.9 GB on disk); models (PyPI\'s torch with torchvision, timm and transformers, .venvs/models-pytorch, for the models suite: about 3.1 GB of wheels, 5.7 GB on disk); tf-gpu-registry (the tensorflow wheel, a CUDA build, in an environment only read for its GPU kernels, for coverage -f tensorflow -d cuda: about 600 MB to download)').choices(SETUP_EXTRAS))
    .option('--json', 'print the result as JSON')
    .action(async (opts) => {
      const { config, python: flags } = resolveSettings(opts);
      const results = await setupMissing(config, flags, opts.framework ?? FRAMEWORK_NAMES, err);
      for (const extra of (opts.with ?? []) as string[]) {
        const progress = (e: { framework: string; step: string }) => e.step !== 'checking' && err(`[setup] ${e.framework}: ${e.step}…`);
        if (extra === 'node-lts') results.push(await ensureManagedNode(config, progress));
        if (extra === 'aot') for (const f of FRAMEWORK_NAMES.filter((n) => frameworkSpec(n).aotInstalls)) results.push(await ensureAotEnv(config, f, progress));
        if (extra === 'tf-gpu-registry') for (const f of GPU_REGISTRY_FRAMEWORKS) results.push(await ensureGpuRegistryEnv(config, f, progress));
        if (extra === 'models') for (const f of MODELS_FRAMEWORKS) results.push(await ensureModelsEnv(config, f, progress));
      }
      if (opts.json) out(JSON.stringify({ environments: results }, null, 2));
      else for (const r of results) out(`${r.framework.padEnd(11)} ${r.status.padEnd(9)} ${r.python}${r.problem ? `  (${r.problem})` : ''}`);
      if (results.some((r) => r.status === 'failed')) process.exitCode = 1;
    });
}
