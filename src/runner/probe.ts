import type { Config } from '../envs/config.js';
import { FRAMEWORK_NAMES } from '../envs/frameworks.js';
import { managedAotPython, resolveInterpreters, type InterpreterSource } from '../envs/interpreters.js';
import { existsSync } from 'node:fs';
import type { Hello } from './protocol.js';
import { WorkerProcess, WorkerStartError } from './worker-process.js';

export interface FrameworkStatus {
  name: string;
  available: boolean;
  version: string | null;
  python: string | null;
  source: InterpreterSource;
  devices: string[];
  device_details: Record<string, { count: number; names: string[] }>;
  modes: string[];
  /** Deviceless modes and the devices they target (compiled for, not run on): only run when a run names the mode. */
  deviceless: Record<string, string[]>;
  /** Mode aot: the generations each device can be compiled for ({tpu: [v4, v5e, …]}). */
  aot_targets?: Record<string, string[]>;
  compiled_with: string | null;
  build: Record<string, unknown>;
  import_s: number | null;
  problem: string | null;
  hint: string | null;
}

/** Start the framework's worker in probe mode: what it is, what it sees. */
export async function probeFramework(framework: string, python: string): Promise<Hello> {
  const w = await WorkerProcess.start({ python, framework, probe: true });
  await w.stop();
  return w.hello;
}

/** A framework's status before (or without) a probe: nothing available, nothing known. */
function unprobed(name: string, python: string | null, source: InterpreterSource, problem: string | null = null, hint: string | null = null): FrameworkStatus {
  return { name, available: false, version: null, python, source, devices: [], device_details: {}, modes: [], deviceless: {}, compiled_with: null, build: {}, import_s: null, problem, hint };
}

/**
 * The ahead-of-time compiler environments (`setup --with aot`) of `frameworks`, as
 * statuses that offer only their deviceless `aot` targets (probed without a network).
 * A framework whose environment is missing is absent.
 */
export async function probeAotEnvironments(config: Config, frameworks = FRAMEWORK_NAMES): Promise<FrameworkStatus[]> {
  const out: FrameworkStatus[] = [];
  for (const framework of frameworks) {
    const python = managedAotPython(config, framework);
    if (!python) continue;
    if (!existsSync(python)) {
      out.push(unprobed(framework, null, 'missing', 'no ahead-of-time compiler environment', 'run "npx portabench setup --with aot" (JAX with the TPU compiler and the CUDA plugin and ptxas, about 470 MB to download)'));
      continue;
    }
    let h: Hello;
    try {
      h = await WorkerProcess.start({ python, framework, probe: true, mode: 'aot' }).then(async (w) => (await w.stop(), w.hello));
    } catch (err) {
      out.push(unprobed(framework, python, 'managed', `its ahead-of-time compiler cannot start: ${(err as Error).message}`));
      continue;
    }
    const aot = h.deviceless.aot ?? [];
    out.push({ ...unprobed(framework, h.python, 'managed', aot.length ? null : `${python} has no ahead-of-time compiler`), available: aot.length > 0, version: h.version, deviceless: { aot }, aot_targets: h.aot_targets, build: h.build, import_s: h.import_s });
  }
  return out;
}

/** Every framework's status on this machine (doctor), probed in parallel. */
export async function probeAll(config: Config, flags: Record<string, string>, frameworks = FRAMEWORK_NAMES): Promise<FrameworkStatus[]> {
  const interpreters = resolveInterpreters(config, flags, frameworks);
  return Promise.all(
    interpreters.map(async (it): Promise<FrameworkStatus> => {
      const base = unprobed(it.framework, it.python, it.source);
      if (!it.python) {
        return {
          ...base,
          problem: 'no Python environment for this framework',
          hint: `run "npx portabench setup --framework ${it.framework}" to create one, or point to yours with --python ${it.framework}=/path/to/python`,
        };
      }
      try {
        const h = await probeFramework(it.framework, it.python);
        const modes = h.modes.filter((m) => !h.mode_problems[m]);
        const problems = Object.entries(h.mode_problems).map(([m, p]) => `${m}: ${p}`);
        return {
          ...base,
          available: true,
          version: h.version,
          python: h.python,
          devices: Object.keys(h.devices),
          device_details: h.devices,
          modes,
          deviceless: h.deviceless,
          compiled_with: h.compiled_with,
          build: h.build,
          import_s: h.import_s,
          problem: problems.length ? problems.join('; ') : null,
          hint: null,
        };
      } catch (err) {
        const e = err as WorkerStartError;
        const managed = it.source === 'managed';
        return {
          ...base,
          problem: e.message,
          hint: managed
            ? `run "npx portabench setup --framework ${it.framework}" to repair portabench's environment`
            : `install ${it.framework} into ${it.python}, or point --python ${it.framework}=… at an interpreter that has it`,
        };
      }
    }),
  );
}
