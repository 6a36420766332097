import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { declaredToWork } from '../src/analysis/declarations.js';
import { OVERHEAD_FACTOR, RESOLUTION_FACTOR } from '../src/analysis/stats.js';
import { FRAMEWORK_NAMES } from '../src/envs/frameworks.js';
import { canonicalName, MINED_FRAMEWORKS } from '../src/mining/frameworks.js';
import { parseTargetPattern, matchesPattern } from '../src/model/target-id.js';
import { DEVICE_NAMES, DTYPE_NAMES, MODE_NAMES, VOCABULARY, VOCABULARY_FILE, deviceMatches, framework, importedDevice, readVocabulary, wideDtypes } from '../src/model/vocabulary.js';
import { readFrequencyFile } from '../src/sampling/frequencies.js';
import { frameworkPython, ROOT, tempDir } from './helpers.js';

/** What the Python side makes of the vocabulary, in a framework's own interpreter, through the modules that use it. */
function pythonView(): Record<string, any> {
  const code = `
import json
from portabench import blocks, coverage, enumerate as en, frameworks, vocabulary as v
from portabench.check import resolve
print(json.dumps({
  "file": v.FILE,
  "worker_frameworks": list(frameworks.NAMES),
  "enumerate_frameworks": sorted(en.FRAMEWORKS),
  "enumerate_prefixes": {k: s["prefix"] for k, s in en.FRAMEWORKS.items()},
  "devices": list(v.device_names()),
  "modes": list(v.mode_names()),
  "dtypes": list(v.dtype_names()),
  "coverage_dtypes": coverage.DTYPES,
  "wide": list(v.wide_dtypes()),
  "aliases": {a: v.device_of(a) for a in ("gpu", "tpu", "xla", "cpu", "cuda")},
  "block_aim": [blocks.OVERHEAD_FACTOR, blocks.RESOLUTION_FACTOR],
  "quote_floor": [v.timing("quote_floor")["overhead_factor"], v.timing("quote_floor")["resolution_factor"]],
  "own_packages": {f["name"]: f["own_packages"] for f in v.frameworks()},
  "tf_prefix": v.module_of_prefix("tf.linalg.svd"),
  "adapter_of_torch_alias": v.framework("torch")["adapter"],
}))
`;
  const out = execFileSync(frameworkPython('jax'), ['-c', code], { cwd: join(ROOT, 'python'), encoding: 'utf8', env: { ...process.env, PYTHONPATH: join(ROOT, 'python') } });
  return JSON.parse(out.trim().split('\n').pop()!);
}

test('vocabulary: the TypeScript side and the Python worker read one file and agree on every list', () => {
  const py = pythonView();
  assert.equal(py.file, VOCABULARY_FILE, 'both sides read python/portabench/vocabulary.json');
  assert.deepEqual(py.worker_frameworks, FRAMEWORK_NAMES, "the worker's adapters are the frameworks setup, run and suites know");
  assert.deepEqual(py.enumerate_frameworks, [...FRAMEWORK_NAMES].sort());
  assert.deepEqual(py.enumerate_prefixes, Object.fromEntries(MINED_FRAMEWORKS.map((f) => [f.name, f.prefix])), 'enumerate and mining spell qualified names alike');
  assert.equal(canonicalName('tensorflow.linalg.svd'), 'tf.linalg.svd');
  assert.equal(py.tf_prefix, 'tensorflow.linalg.svd', 'and the checker resolves the public prefix back to the module');
  assert.deepEqual(py.devices, DEVICE_NAMES);
  assert.deepEqual(py.modes, MODE_NAMES);
  assert.deepEqual(py.dtypes, DTYPE_NAMES);
  assert.deepEqual(py.coverage_dtypes, DTYPE_NAMES);
  assert.equal(DTYPE_NAMES.length, 12);
  assert.deepEqual(py.wide, wideDtypes());
  assert.deepEqual(wideDtypes(), ['int64', 'float64', 'complex128'], 'the 64-bit dtypes follow from the bit widths (complex64 is two 32-bit floats)');
  assert.deepEqual(py.aliases, Object.fromEntries(Object.keys(py.aliases).map((a) => [a, importedDevice(a)])));
  assert.deepEqual(py.aliases, { gpu: 'cuda', tpu: 'tpu', xla: 'tpu', cpu: 'cpu', cuda: 'cuda' }, "the study's names: gpu → cuda, tpu and xla → tpu");
  assert.deepEqual(py.own_packages, Object.fromEntries(VOCABULARY.frameworks.map((f) => [f.name, f.own_packages])));
  assert.deepEqual(py.own_packages.pytorch, ['torch', 'torchgen', 'functorch']);
  assert.equal(py.adapter_of_torch_alias, 'portabench.frameworks.pytorch');
  // the two timing thresholds: each read by its side from the one file, the floor below the aim
  assert.deepEqual(py.block_aim, [VOCABULARY.timing.block_aim.overhead_factor, VOCABULARY.timing.block_aim.resolution_factor]);
  assert.deepEqual(py.quote_floor, [OVERHEAD_FACTOR, RESOLUTION_FACTOR]);
  assert.ok(OVERHEAD_FACTOR < py.block_aim[0] && RESOLUTION_FACTOR < py.block_aim[1], 'a sample the blocker aimed for is never flagged as too close to the timer');
});

test('vocabulary: framework aliases, device aliases in selectors, and declaration keys by shape', () => {
  assert.equal(framework('tf').name, 'tensorflow');
  assert.equal(framework('torch').name, 'pytorch');
  assert.throws(() => framework('mxnet'), /unknown framework "mxnet": portabench knows pytorch, jax, tensorflow/);
  const dir = tempDir();
  const file = join(dir, 'tf_frequencies.json');
  writeFileSync(file, JSON.stringify({ 'tf.zeros': 3 }));
  assert.equal(readFrequencyFile(file).framework, 'tensorflow', 'a frequency file named with an alias names its framework');
  // a selector's device matches by name or alias; a tpu selector does not match a torch_xla device of unknown hardware
  assert.ok(deviceMatches('xla', 'tpu') && deviceMatches('gpu', 'cuda') && deviceMatches('tpu', 'tpu'));
  assert.ok(!deviceMatches('tpu', 'xla') && !deviceMatches('cuda', 'tpu'));
  const tpu = { framework: 'jax', device: 'tpu', mode: 'eager', hardware: 'TPU v3-8' };
  assert.ok(matchesPattern(parseTargetPattern('jax/xla@TPU v3'), tpu), 'jax/xla@TPU v3 still names the imported TPU run');
  assert.ok(matchesPattern(parseTargetPattern('jax/tpu'), tpu));
  assert.ok(!matchesPattern(parseTargetPattern('jax/cuda'), tpu));
  // the generated suites' declaration keys, read by their shape
  assert.equal(declaredToWork({ declared: { cpu: true, cuda: false } }, 'cuda'), false);
  assert.equal(declaredToWork({ declared: { cpu: true, cuda: true }, xfail: ['cuda'] }, 'cuda'), false);
  assert.equal(declaredToWork({ declared: { cpu: true, cuda: true }, xfail: ['cuda'] }, 'cpu'), true);
  assert.equal(declaredToWork({ declared: { cpu: true } }, 'tpu'), null, 'a device the map does not name: nothing declared');
  assert.equal(declaredToWork({ limited: ['tpu'] }, 'tpu'), false);
  assert.equal(declaredToWork({ limited: ['tpu'] }, 'cuda'), true);
  assert.equal(declaredToWork({ numpy_accepts: false }, 'cpu'), false);
  assert.equal(declaredToWork({ dtype: 'float32' }, 'cpu'), null);
});

test('vocabulary: a malformed file is refused with the file and the field at fault', () => {
  const dir = tempDir();
  const bad = join(dir, 'vocabulary.json');
  const broken = structuredClone(VOCABULARY) as any;
  broken.dtypes[3].bits = 'sixteen';
  writeFileSync(bad, JSON.stringify(broken));
  assert.throws(() => readVocabulary(bad), (e: Error) => e.message.includes(bad) && /dtypes\.3\.bits/.test(e.message));
  const dup = structuredClone(VOCABULARY) as any;
  dup.devices.push({ ...dup.devices[0] });
  writeFileSync(bad, JSON.stringify(dup));
  assert.throws(() => readVocabulary(bad), /lists device "cpu" twice/);
  writeFileSync(bad, '{');
  assert.throws(() => readVocabulary(bad), /cannot be read/);
});
