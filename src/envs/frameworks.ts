/** The frameworks portabench knows, and how a managed environment gets each. */
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
}

export const FRAMEWORKS: FrameworkSpec[] = [
  // torch is pinned: its CPU wheel is what this machine has locally; an unpinned
  // torch pulls gigabytes of CUDA packages. expecttest: torch's own op database
  // (OpInfo, the generated opinfo suite) imports it.
  { name: 'pytorch', module: 'torch', installs: [['torch==2.13.0', 'numpy', 'expecttest']], suiteDir: 'pytorch', helpers: [{ module: 'expecttest', pip: 'expecttest' }], configPrefix: 'torch.' },
  // absl-py: jax's test harnesses (the generated jax-harnesses suite) import it.
  { name: 'jax', module: 'jax', installs: [['jax', 'jaxlib', 'absl-py']], suiteDir: 'jax', helpers: [{ module: 'absl', pip: 'absl-py' }], configPrefix: 'jax_' },
  { name: 'tensorflow', module: 'tensorflow', installs: [['tensorflow-cpu'], ['tensorflow']], suiteDir: 'tensorflow', configPrefix: 'tf.' },
];

export const FRAMEWORK_NAMES = FRAMEWORKS.map((f) => f.name);

export function frameworkSpec(name: string): FrameworkSpec {
  const spec = FRAMEWORKS.find((f) => f.name === name);
  if (!spec) throw new Error(`unknown framework "${name}": portabench knows ${FRAMEWORK_NAMES.join(', ')}`);
  return spec;
}
