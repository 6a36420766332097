import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { PYTHON_DIR } from '../runner/paths.js';

/**
 * portabench's one vocabulary on the TypeScript side: frameworks, devices, modes, dtypes,
 * the declaration keys of the generated suites and the timing thresholds, read and
 * validated from python/portabench/vocabulary.json, the file the Python side reads too
 * (portabench/vocabulary.py). This module owns reading it and the few lookups every
 * other module needs (a framework by name or alias, a device of imported data, whether a
 * selector's device names a target's); it knows nothing of what the lists are used for.
 */

const Framework = z.object({
  name: z.string().min(1),
  module: z.string().min(1),
  prefix: z.string().min(1),
  aliases: z.array(z.string()),
  adapter: z.string().min(1),
  suite_dir: z.string().min(1),
  config_prefix: z.string().min(1),
  installs: z.array(z.array(z.string()).min(1)).min(1),
  helpers: z.array(z.object({ module: z.string(), pip: z.string() })),
  /** Requirements of its ahead-of-time compiler environment (mode aot), `{version}` the framework environment's version; absent: none. */
  aot_installs: z.array(z.string()).optional(),
  /** Modules its ahead-of-time compiler environment imports when complete (the compilers); absent: the framework's module alone. */
  aot_imports: z.array(z.string()).optional(),
  /** Requirements of an environment only read for its GPU kernel registry (setup --with tf-gpu-registry: TensorFlow's CUDA wheel, which imports without a GPU), `{version}` the framework environment's version; absent: none. */
  gpu_registry_installs: z.array(z.string()).optional(),
  /** Requirements of the models suite's environment (setup --with models), each importable under its own name; absent: none. */
  models_installs: z.array(z.string()).optional(),
  /** Keras' name for this framework as its back end (KERAS_BACKEND), where Keras runs on it. */
  keras_backend: z.string().optional(),
  own_packages: z.array(z.string()).min(1),
  /** Packages that ship with or plug into it (torch_xla, libtpu…): their frames are not a test's own code. */
  companion_packages: z.array(z.string()),
  array_type: z.string(),
  /** Environment variables that size its worker's compute threads: with `run --jobs N`, each worker gets its share of the cores through them (none: the framework sizes its own pools). */
  thread_env: z.array(z.string()),
  /** Other top-level modules that are this framework's, and the prefix their names take (`keras` → `tf.keras`). */
  module_aliases: z.record(z.string(), z.string()).optional(),
  enumerate: z.object({
    packages: z.array(z.string()).min(1),
    import_submodules: z.boolean(),
    exclude_modules: z.array(z.string()).optional(),
    api_modules: z.array(z.string()).optional(),
  }),
});

const Device = z.object({
  name: z.string().min(1),
  meaning: z.string(),
  aliases: z.array(z.string()),
  framework_names: z.record(z.string(), z.string()),
});

const Mode = z.object({ name: z.string().min(1), meaning: z.string(), measured: z.boolean() });

const Dtype = z.object({
  name: z.string().min(1),
  kind: z.enum(['bool', 'uint', 'int', 'float', 'complex']),
  bits: z.number().int().positive(),
  component_bits: z.number().int().positive().optional(),
});

const DeclarationKey = z.object({
  key: z.string().min(1),
  shape: z.enum(['device_map', 'device_list', 'bool']),
  suite: z.string(),
  meaning: z.string(),
});

const Factors = z.object({ overhead_factor: z.number().positive(), resolution_factor: z.number().positive(), meaning: z.string() });

const VocabularyFile = z.object({
  frameworks: z.array(Framework).min(1),
  devices: z.array(Device).min(1),
  modes: z.array(Mode).min(1),
  dtypes: z.array(Dtype).min(1),
  declaration_keys: z.array(DeclarationKey),
  timing: z.object({ block_aim: Factors, quote_floor: Factors }),
});

export type FrameworkEntry = z.infer<typeof Framework>;
export type DeviceEntry = z.infer<typeof Device>;
export type DtypeEntry = z.infer<typeof Dtype>;
export type DeclarationKeyEntry = z.infer<typeof DeclarationKey>;
export type Vocabulary = z.infer<typeof VocabularyFile>;

export const VOCABULARY_FILE = resolve(PYTHON_DIR, 'portabench', 'vocabulary.json');

/** Read and validate a vocabulary file; an error names the file and the field at fault. */
export function readVocabulary(file: string = VOCABULARY_FILE): Vocabulary {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`portabench's vocabulary ${file} cannot be read (${(e as Error).message}): reinstall portabench or restore the file from git`);
  }
  const parsed = VocabularyFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`portabench's vocabulary ${file} is malformed at ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const v = parsed.data;
  for (const [what, names] of [
    ['framework', v.frameworks.map((f) => f.name)],
    ['device', v.devices.map((d) => d.name)],
    ['mode', v.modes.map((m) => m.name)],
    ['dtype', v.dtypes.map((d) => d.name)],
  ] as const) {
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new Error(`portabench's vocabulary ${file} lists ${what} "${dup}" twice`);
  }
  return v;
}

export const VOCABULARY: Vocabulary = readVocabulary();

export const FRAMEWORK_NAMES: string[] = VOCABULARY.frameworks.map((f) => f.name);
export const DEVICE_NAMES: string[] = VOCABULARY.devices.map((d) => d.name);
export const MODE_NAMES: string[] = VOCABULARY.modes.map((m) => m.name);
export const DTYPE_NAMES: string[] = VOCABULARY.dtypes.map((d) => d.name);

/** Whether a mode runs the code (eager, compiled) or only reads or compiles it (static, aot, lower). */
export function isMeasuredMode(mode: string): boolean {
  return VOCABULARY.modes.find((m) => m.name === mode)?.measured ?? true;
}

/** A framework by its name or any alias (`torch`, `tf`), or undefined. */
export function findFramework(nameOrAlias: string): FrameworkEntry | undefined {
  const n = nameOrAlias.toLowerCase();
  return VOCABULARY.frameworks.find((f) => f.name === n || f.aliases.includes(n));
}

/** A framework by its name or any alias; an unknown name is an error listing the known ones. */
export function framework(nameOrAlias: string): FrameworkEntry {
  const f = findFramework(nameOrAlias);
  if (!f) throw new Error(`unknown framework "${nameOrAlias}": portabench knows ${FRAMEWORK_NAMES.join(', ')} (python/portabench/vocabulary.json)`);
  return f;
}

/**
 * portabench's device for a name imported data uses (the 2023 study's `gpu`, PyTorch's
 * `xla` token on a TPU machine), or undefined. An alias wins over a device of the same
 * name: imported data named a TPU `xla`.
 */
export function importedDevice(token: string): string | undefined {
  const t = token.toLowerCase();
  return VOCABULARY.devices.find((d) => d.aliases.includes(t))?.name ?? VOCABULARY.devices.find((d) => d.name === t)?.name;
}

/** Does a device as a user types it in a selector (`xla`, `gpu`, `tpu`) name a target's device? */
export function deviceMatches(selectorDevice: string, targetDevice: string): boolean {
  const s = selectorDevice.toLowerCase();
  if (s === targetDevice) return true;
  return VOCABULARY.devices.some((d) => d.name === targetDevice && d.aliases.includes(s));
}

/** A device's entry, or undefined. */
export function findDevice(name: string): DeviceEntry | undefined {
  return VOCABULARY.devices.find((d) => d.name === name);
}

/** The dtypes whose elements (or complex components) are 64 bits wide: what JAX's x64 mode is needed for. */
export function wideDtypes(): string[] {
  return VOCABULARY.dtypes.filter((d) => (d.bits === 64 && d.kind !== 'complex') || d.component_bits === 64).map((d) => d.name);
}

/** A declaration key of the generated suites by its name; an unknown key is an error. */
export function declarationKey(key: string): DeclarationKeyEntry {
  const k = VOCABULARY.declaration_keys.find((d) => d.key === key);
  if (!k) throw new Error(`"${key}" is not a declaration key of portabench's vocabulary (${VOCABULARY.declaration_keys.map((d) => d.key).join(', ')})`);
  return k;
}
