import { FRAMEWORK_NAMES as NAMES, VOCABULARY } from '../model/vocabulary.js';

/**
 * The frameworks portabench knows, and how a managed environment gets each: a view of
 * the vocabulary (python/portabench/vocabulary.json, read by src/model/vocabulary.ts),
 * shaped for setup, suites and the CLI. Nothing is listed here.
 */
export interface FrameworkSpec {
  name: string;
  /** The module whose import proves the environment works. */
  module: string;
  /** pip requirement sets, tried in order until one installs. */
  installs: string[][];
  /** Directory name of its test files in a suite. */
  suiteDir: string;
  /** Test helpers a generated suite imports (module, pip requirement), checked and installed apart from the framework. */
  helpers?: Array<{ module: string; pip: string }>;
  /** How its --framework-config settings begin (jax_enable_x64, torch.float32_matmul_precision); the worker checks the rest. */
  configPrefix: string;
  /** Requirements of its ahead-of-time compiler's own environment (mode aot), `{version}` the framework's; absent: none. */
  aotInstalls?: string[];
  /** Modules that environment imports when complete (libtpu, the CUDA plugin). */
  aotImports?: string[];
  /** Requirements of the environment read only for its GPU kernel registry (setup --with tf-gpu-registry); absent: none. */
  gpuRegistryInstalls?: string[];
  /** Requirements of the models suite's environment (setup --with models); absent: none. */
  modelsInstalls?: string[];
  /** Keras' back end on this framework (KERAS_BACKEND): a Keras among its helpers is imported on it. */
  kerasBackend?: string;
}

export const FRAMEWORKS: FrameworkSpec[] = VOCABULARY.frameworks.map((f) => ({
  name: f.name,
  module: f.module,
  installs: f.installs,
  suiteDir: f.suite_dir,
  configPrefix: f.config_prefix,
  ...(f.helpers.length ? { helpers: f.helpers } : {}),
  ...(f.aot_installs ? { aotInstalls: f.aot_installs } : {}),
  ...(f.aot_imports ? { aotImports: f.aot_imports } : {}),
  ...(f.gpu_registry_installs ? { gpuRegistryInstalls: f.gpu_registry_installs } : {}),
  ...(f.models_installs ? { modelsInstalls: f.models_installs } : {}),
  ...(f.keras_backend ? { kerasBackend: f.keras_backend } : {}),
}));

export const FRAMEWORK_NAMES = NAMES;

export function frameworkSpec(name: string): FrameworkSpec {
  const spec = FRAMEWORKS.find((f) => f.name === name);
  if (!spec) throw new Error(`unknown framework "${name}": portabench knows ${FRAMEWORK_NAMES.join(', ')}`);
  return spec;
}
