import { importedDevice } from '../../model/vocabulary.js';

/** Naming rules of the 2023 study's raw data: test files, sub-test names, device tokens, VM folders. */

export const STUDY_FRAMEWORKS = ['pytorch', 'tensorflow', 'jax'] as const;
export type StudyFramework = (typeof STUDY_FRAMEWORKS)[number];

/**
 * portabench's device for one of the study's file prefixes (`gpu_1.json`, `tpu_1.json`) or
 * PyTorch device tokens (`_cuda`, `_xla`), through the vocabulary's aliases: gpu → cuda,
 * tpu and xla → tpu.
 */
export function studyDevice(token: string): string {
  const d = importedDevice(token);
  if (!d) throw new Error(`the study's device token "${token}" is not a device or alias in python/portabench/vocabulary.json: add it to a device's aliases`);
  return d;
}

/**
 * The name the study's own data gives a device where it differs from portabench's, kept in
 * the imported target's build as `original_device`: PyTorch's token (and portabench's
 * imports before migration 011) named the TPU `xla`.
 */
export function originalDevice(device: string): string | null {
  return device === 'tpu' ? 'xla' : null;
}

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
  { test: /^tpu_v2/, hardware: 'TPU v2-8', short: 'TPU v2', device: 'tpu' },
  { test: /^tpu_vm/, hardware: 'TPU v3-8', short: 'TPU v3', device: 'tpu' },
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
  /** The device token as the study wrote it (cpu, cuda, xla) or null when the name carries none. */
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

/**
 * A target of the study's data as older stores and bundles hold it (device `xla`, build
 * source "for-ai-portability") under today's name: device `tpu`, the old name kept as
 * `original_device`. Anything else is returned unchanged. (Migration 011 does the same
 * to a store's own rows.)
 */
export function currentStudyTarget<T extends { device: string; build: unknown }>(t: T): T {
  const build = t.build && typeof t.build === 'object' && !Array.isArray(t.build) ? (t.build as Record<string, unknown>) : null;
  if (t.device !== 'xla' || build?.source !== 'for-ai-portability') return t;
  return { ...t, device: 'tpu', build: { ...build, original_device: 'xla' } };
}
