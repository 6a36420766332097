/** Naming rules of the 2023 study's raw data: test files, sub-test names, device tokens, VM folders. */

export const STUDY_FRAMEWORKS = ['pytorch', 'tensorflow', 'jax'] as const;
export type StudyFramework = (typeof STUDY_FRAMEWORKS)[number];

/** portabench's device names for the study's file prefixes and PyTorch device tokens. */
export const DEVICE_OF: Record<string, string> = { gpu: 'cuda', tpu: 'xla', cpu: 'cpu', cuda: 'cuda', xla: 'xla' };

export interface VmInfo {
  /** The folder the VM's data lies in (first segment under <fw>_timings/). */
  folder: string;
  /** The accelerator's hardware label. */
  hardware: string;
  /** Short label used for the VM's own CPU ("CPU (T4 VM)"). */
  short: string;
  /** The accelerator's portabench device. */
  device: string;
  /** The folder name does not say the machine: a documented assumption. */
  assumed?: string;
}

const VMS: { test: RegExp; hardware: string; short: string; device: string }[] = [
  { test: /^t4_vm$/, hardware: 'NVIDIA T4', short: 'T4', device: 'cuda' },
  { test: /^a100_vm$/, hardware: 'NVIDIA A100', short: 'A100', device: 'cuda' },
  { test: /^tpu_v2/, hardware: 'TPU v2-8', short: 'TPU v2', device: 'xla' },
  { test: /^tpu_vm/, hardware: 'TPU v3-8', short: 'TPU v3', device: 'xla' },
];

/**
 * The machine behind a folder path under <fw>_timings/ (segments), or null when the path
 * does not name one. `soft_placement/{gpu,tpu}` holds TensorFlow's soft-placement runs; the
 * folder does not name the VM, so the study's main GPU and TPU machines (T4, TPU v3-8) are assumed.
 */
export function vmOf(segments: string[]): VmInfo | null {
  const [first, second] = segments;
  if (!first) return null;
  for (const vm of VMS) if (vm.test.test(first)) return { folder: first, hardware: vm.hardware, short: vm.short, device: vm.device };
  if (first === 'soft_placement' && (second === 'gpu' || second === 'tpu')) {
    const vm = second === 'gpu' ? VMS[0] : VMS[3];
    return { folder: `${first}/${second}`, hardware: vm.hardware, short: vm.short, device: vm.device, assumed: `soft_placement/${second} does not name its VM: assumed ${vm.hardware} (the study's main ${second.toUpperCase()} machine)` };
  }
  return null;
}

/** TensorFlow runs with soft device placement are their own mode: ops without a kernel fall back to the CPU. */
export function modeOf(segments: string[]): string {
  return segments.some((s) => /soft/.test(s)) ? 'soft_placement' : 'eager';
}

/** "Adamax_test.py" → "Adamax". */
export function fileStem(file: string): string {
  return file.replace(/\.py$/, '').replace(/_test$/, '');
}

export interface SubTestName {
  /** The case name without its device token ("test_conv_float16"). */
  name: string;
  /** The device token (cpu, cuda, xla) or null when the name carries none. */
  token: string | null;
  /** The dtype suffix after the device token, if any. */
  dtype: string | null;
}

const DEVICE_TOKEN = /^(.*)_(cpu|cuda|xla)((?:_[A-Za-z0-9]+)?)$/;

/**
 * Split a PyTorch sub-test name into its name and device token: PyTorch's device-generic
 * tests are instantiated as `<test>_<device>[_<dtype>]`. TensorFlow and JAX names carry none.
 */
export function splitDeviceToken(framework: string, method: string): SubTestName {
  if (framework !== 'pytorch') return { name: method, token: null, dtype: null };
  const m = DEVICE_TOKEN.exec(method);
  if (!m) return { name: method, token: null, dtype: null };
  const dtype = m[3] ? m[3].slice(1) : null;
  return { name: `${m[1]}${m[3]}`, token: m[2], dtype };
}
