import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { loadCheckDataset } from '../src/check/load.js';
import { checkCode, type CheckedSite, type CheckResult } from '../src/check/join.js';
import { scanSources, type FileScan } from '../src/check/scan.js';
import { extractUsage } from '../src/mining/extract.js';
import { pythonParser } from '../src/mining/parser.js';
import { Store } from '../src/store/store.js';
import { VERSION } from '../src/version.js';
import { assertValidSarif, ROOT, runCli, tempDb, tempDir, writeSuite } from './helpers.js';

/**
 * `portabench check` on real code this project did not write (Debian's python3-skorch and
 * python3-torchaudio, installed by .ci/run), against a store holding the 2023 study's data,
 * a real portabench run on this machine's CPU, and static coverage for a device the machine
 * lacks (made through the Store API: no static importer exists yet).
 */
const DIST = '/usr/lib/python3/dist-packages';
const SKORCH = join(DIST, 'skorch');
const TORCHAUDIO = join(DIST, 'torchaudio');
const STUDY = join(process.env.PORTABENCH_ANCHOR_DATA ?? join(ROOT, '..', 'shared', 'anchor-data'), 'for-ai-portability');
const TPU = 'pytorch/xla@TPU v3';
const T4 = 'pytorch/cuda@T4';

const db = tempDb();
let ownRun = 0;
let staticRun = 0;

async function scanAll(paths: string[]): Promise<FileScan[]> {
  const out: FileScan[] = [];
  for await (const s of scanSources(paths)) out.push(s);
  return out;
}

async function check(paths: string[], targets: string[], baseline?: string[]): Promise<CheckResult> {
  const store = await Store.open(db);
  try {
    const ds = await loadCheckDataset(store, [...targets, ...(baseline ?? [])]);
    return checkCode(ds, await scanAll(paths), { targets, baseline });
  } finally {
    await store.close();
  }
}

function lineOf(path: string, line: number): string {
  return readFileSync(path, 'utf8').split('\n')[line - 1];
}

/** The source at a site's location really calls that function: the callee chain (or, for a method on a value, the method name) starts there. */
function callsThere(path: string, s: { line: number; column: number; function: string; via: string }): boolean {
  const rest = lineOf(path, s.line).slice(s.column - 1);
  const last = s.function.slice(s.function.lastIndexOf('.') + 1);
  if (s.via === 'value') return new RegExp(`^${last}\\s*\\(`).test(rest);
  return new RegExp(`^(?:[A-Za-z_][\\w.]*\\.)?${last}\\s*\\(`).test(rest.replace(/\s*\.\s*/g, '.'));
}

function find(r: CheckResult, file: string, line: number, fn: string): CheckedSite {
  const f = r.files.find((x) => x.path.endsWith(file));
  assert.ok(f, `${file} checked`);
  const s = f.sites.find((x) => x.line === line && x.function === fn);
  assert.ok(s, `${fn} at ${file}:${line}; found there: ${f.sites.filter((x) => x.line === line).map((x) => x.function).join(', ')}`);
  return s;
}

function code(files: Record<string, string>): string {
  const dir = tempDir('portabench-check-code-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

before(async () => {
  assert.ok(existsSync(SKORCH) && existsSync(TORCHAUDIO), 'python3-skorch and python3-torchaudio are installed (.ci/run installs them)');
  const imp = await runCli(['import', 'for-ai-portability', STUDY, '--db', db]);
  assert.equal(imp.code, 0, imp.stderr);
  // A real run on this machine's CPU: argsort passes; svd fails in half precision (no CPU kernel).
  const suite = writeSuite({
    'pytorch/torch.argsort.py': [
      'import torch',
      'from portabench import case',
      'FUNCTION = "torch.argsort"',
      '@case(dtype=["float32", "float64"])',
      'def rows(bench, device, dtype):',
      '    x = torch.rand(4, 64, device=device, dtype=getattr(torch, dtype))',
      '    idx = bench.measure(torch.argsort, x, dim=-1)',
      '    assert torch.equal(torch.gather(x, 1, idx), torch.sort(x).values)',
      '',
    ].join('\n'),
    'pytorch/torch.linalg.svd.py': [
      'import torch',
      'from portabench import case',
      'FUNCTION = "torch.linalg.svd"',
      '@case(dtype=["float32", "float16"])',
      'def square(bench, device, dtype):',
      '    a = torch.rand(16, 16, device=device, dtype=getattr(torch, dtype))',
      '    u, s, vh = bench.measure(torch.linalg.svd, a)',
      '    assert torch.allclose((u * s) @ vh, a, atol=1e-3)',
      '',
    ].join('\n'),
  });
  const run = await runCli(['run', '--suite', suite, '-f', 'pytorch', '-m', 'eager', '-d', 'cpu', '--db', db, '--min-time', '0.001', '--min-reps', '3', '--max-reps', '5', '--quiet']);
  assert.equal(run.code, 0, run.stderr);
  // Static coverage of the CUDA device (any GPU), read from PyTorch's own OpInfo declarations by the real coverage command.
  // (only the declarations: beside the yaml's registered kernels, check would answer with the stronger, dtype-blind level)
  const cov = await runCli(['coverage', '-f', 'pytorch', '-d', 'cuda', '--source', 'opinfo-declarations', '--db', db, '--json']);
  assert.equal(cov.code, 0, cov.stderr);
  const store = await Store.open(db);
  try {
    ownRun = (await store.listRuns({ origin: 'run' })).at(-1)!.id;
    staticRun = (await store.listRuns({ origin: 'static:pytorch-opinfo-declarations' })).at(-1)!.id;
  } finally {
    await store.close();
  }
});

describe('call sites of real code', () => {
  test('every site found in skorch and torchaudio is at a call of that function (checked at its line and column)', async () => {
    const scans = await scanAll([SKORCH, TORCHAUDIO]);
    let sites = 0;
    let value = 0;
    for (const s of scans) {
      if (s.status !== 'resolved') continue;
      for (const x of s.sites) {
        sites++;
        if (x.via === 'value') value++;
        assert.ok(callsThere(s.path, { ...x, function: x.name }), `${s.path}:${x.line}:${x.column} should call ${x.name}: ${lineOf(s.path, x.line).trim()}`);
      }
    }
    assert.ok(sites > 1000, `${sites} sites`);
    assert.ok(value > 30, `${value} methods on values of known type`);
  });

  test('by hand: skorch/tests/test_utils.py', async () => {
    const [scan] = await scanAll([join(SKORCH, 'tests', 'test_utils.py')]);
    assert.equal(scan.status, 'resolved');
    if (scan.status !== 'resolved') return;
    const at = (line: number) => scan.sites.filter((s) => s.line === line).map((s) => `${s.column} ${s.name} ${s.via}`);
    // line 67:  `        x = torch.zeros((5, 3)).float()`
    assert.deepEqual(at(67), ['13 torch.zeros name', '33 torch.Tensor.float value']);
    // line 89:  `        x = x.to('cuda')` — x's every binding in that function is a Tensor: resolved
    assert.deepEqual(at(89), ['15 torch.Tensor.to value']);
    // line 104: `pack_padded_sequence(x, y.to('cpu')).to('cuda')` — y.to resolves; .to on a PackedSequence stays unresolved
    assert.deepEqual(at(104), ['21 torch.nn.utils.rnn.pack_padded_sequence name', '47 torch.Tensor.to value']);
    assert.deepEqual(
      scan.unresolved.filter((u) => u.line === 104).map((u) => `${u.column} ${u.method}`),
      ['58 to'],
    );
    assert.match(lineOf(scan.path, 104).slice(57), /^to\('cuda'\)/);
  });

  test('by hand: skorch/tests/test_dataset.py line 109, a method on a comprehension variable stays unresolved', async () => {
    const [scan] = await scanAll([join(SKORCH, 'tests', 'test_dataset.py')]);
    if (scan.status !== 'resolved') assert.fail(`not resolved: ${scan.status}`);
    // `return ((x, torch.zeros(x.size(0)).long()) for x, _ in z)`
    assert.deepEqual(scan.sites.filter((s) => s.line === 109).map((s) => `${s.column} ${s.name}`), ['29 torch.zeros', '52 torch.Tensor.long']);
    assert.deepEqual(scan.unresolved.filter((u) => u.line === 109).map((u) => `${u.column} ${u.method}`), ['43 size']);
  });

  test("mine's counts are the same with and without sites", async () => {
    const parser = await pythonParser();
    for (const s of await scanAll([SKORCH])) {
      if (s.status !== 'resolved') continue;
      const text = readFileSync(s.path, 'utf8');
      const plain = extractUsage(parser, text);
      const withSites = extractUsage(parser, text, undefined, { sites: true });
      assert.ok(plain.ok && withSites.ok);
      assert.deepEqual([...withSites.usage.names], [...plain.usage.names], s.path);
      assert.deepEqual([...withSites.usage.methods], [...plain.usage.methods], s.path);
      assert.equal(withSites.usage.sites!.filter((x) => x.via === 'name').length, [...plain.usage.names.values()].reduce((a, u) => a + u.calls, 0), s.path);
    }
  });
});

describe('joined with the store', () => {
  test('skorch against the study: torch.cat fails partly on TPU v3-8 and runs on T4, with the run and a real error', async () => {
    const r = await check([SKORCH], [TPU, T4], [T4]);
    assert.deepEqual(r.targets.map((t) => t.label), ['pytorch/tpu/eager@TPU v3-8', 'pytorch/cuda/eager@NVIDIA T4']);
    const site = find(r, 'tests/test_net.py', 3704, 'torch.cat');
    assert.ok(callsThere(join(SKORCH, 'tests', 'test_net.py'), site));
    const [tpu, t4] = site.verdicts;
    assert.equal(tpu.status, 'fails_partly');
    assert.equal(tpu.kind, 'measured');
    assert.deepEqual(tpu.origins, ['for-ai-portability']);
    assert.equal(tpu.runs.length, 1);
    assert.ok(tpu.failures.length && tpu.failures[0].example.error.length > 0);
    assert.ok(tpu.latency && tpu.latency.ratio > 10, 'slower than on the T4 baseline');
    assert.ok(tpu.findings.includes('fails-partly') && tpu.findings.includes('slower'));
    assert.equal(t4.status, 'runs');
    assert.equal(t4.latency, null, 'no ratio of the baseline against itself');
    const s = r.summary.targets[0];
    assert.equal(s.sites, r.summary.sites);
    assert.equal(s.runs + s.fails_partly + s.fails + s.no_data, s.sites);
  });

  test("this machine's CPU run: torch.linalg.svd fails partly in float16, with the real error and the run it rests on", async () => {
    const dir = code({ 'model.py': 'import torch\nimport torch.linalg as LA\n\ndef decompose(a):\n    u, s, vh = LA.svd(a)\n    return torch.argsort(s)\n' });
    const r = await check([dir], [`pytorch/cpu#${ownRun}`]);
    const svd = find(r, 'model.py', 5, 'torch.linalg.svd');
    assert.equal(svd.column, 16);
    const [v] = svd.verdicts;
    assert.equal(v.status, 'fails_partly');
    assert.deepEqual([v.kind, v.runs, v.origins], ['measured', [ownRun], ['portabench']]);
    assert.equal(v.failures[0].category, 'not_implemented');
    assert.deepEqual(v.failures[0].dtypes, ['float16']);
    assert.match(v.failures[0].example.error, /Half/);
    assert.equal(find(r, 'model.py', 6, 'torch.argsort').verdicts[0].status, 'runs');
  });

  test('a method on a value: measured study data where it exists, static coverage labelled by its origin (declared) otherwise', async () => {
    const dir = code({ 'prep.py': 'import torch\n\nx = torch.zeros(8)\ny = x.log1p()\nm = torch.mm(x, x)\n' });
    const r = await check([dir], [T4]);
    const log1p = find(r, 'prep.py', 4, 'torch.Tensor.log1p');
    assert.equal(log1p.via, 'value');
    assert.deepEqual([log1p.verdicts[0].status, log1p.verdicts[0].kind], ['runs', 'measured']);
    // The study never tested torch.mm; PyTorch's own declarations say CUDA lacks integer matrix products.
    const mm = find(r, 'prep.py', 5, 'torch.mm');
    const v = mm.verdicts[0];
    assert.deepEqual([v.status, v.kind, v.runs, v.origins], ['fails_partly', 'declared', [staticRun], ['pytorch-opinfo-declarations']]);
    assert.ok(v.failures[0].dtypes.includes('int64'), JSON.stringify(v.failures));
    assert.ok(r.targets[0].runs.some((x) => x.id === staticRun && x.evidence === 'declared'));
  });

  test('a file with a syntax error is reported and skipped; a module is never executed', async () => {
    const marker = join(tempDir(), 'written-by-import.txt');
    const dir = code({
      'broken.py': 'import torch\n\ndef f(:\n    return torch.zeros(3)\n',
      'side_effect.py': `import torch\nopen(${JSON.stringify(marker)}, "w").write("executed")\nt = torch.tensor([1.0])\n`,
    });
    const r = await check([dir], [TPU]);
    assert.deepEqual(r.skipped.map((s) => [s.path.endsWith('broken.py'), s.reason, s.at]), [[true, 'syntax_error', { line: 3, column: 7 }]]);
    assert.equal(r.summary.files_skipped, 1);
    assert.equal(find(r, 'side_effect.py', 3, 'torch.tensor').verdicts[0].status, 'fails');
    assert.equal(existsSync(marker), false, 'the checked module must not have run');
  });
});

describe('the command', () => {
  const skorchTests = join(SKORCH, 'tests', 'test_net.py');

  test('text reads like a linter, grouped by file, then the summary', async () => {
    const res = await runCli(['check', skorchTests, '--target', TPU, '--target', T4, '--baseline', T4, '--db', db]);
    assert.equal(res.code, 0, res.stderr);
    const line = res.stdout.split('\n').find((l) => l.includes(`${skorchTests}:3704:21  torch.cat  fails partly on pytorch/tpu/eager@TPU v3-8:`));
    assert.ok(line, res.stdout.slice(0, 3000));
    assert.match(line, /slower than on pytorch\/cuda\/eager@NVIDIA T4 .*\[measured · run \d+ · for-ai-portability\]$/);
    assert.match(lineOf(skorchTests, 3704).slice(20), /^torch\.cat\(/);
    assert.match(res.stdout, /of this code's \d+ framework call sites with data have passed on pytorch\/tpu\/eager@TPU v3-8/);
    assert.match(res.stdout, /unresolved: \d+ method calls on values of unknown type/);
  });

  test('SARIF validates against the official 2.1.0 schema; fingerprints survive moved lines', async () => {
    const dir = code({ 'prep.py': 'import torch\nx = torch.zeros(8)\ny = x.log1p()\nz = torch.cat([x, x])\nw = torch.nn.Hardtanh()\n' });
    const res = await runCli(['check', dir, '--target', TPU, '--baseline', T4, '--format', 'sarif', '--db', db], { cwd: dir });
    assert.equal(res.code, 0, res.stderr);
    const sarif = JSON.parse(res.stdout);
    assertValidSarif(sarif);
    const run = sarif.runs[0];
    assert.deepEqual(run.tool.driver.rules.map((r: { name: string }) => r.name), ['fails', 'fails-partly', 'slower', 'no-data']);
    for (const rule of run.tool.driver.rules) assert.match(rule.help.text, /measured.*static/);
    const byRule = (name: string) => run.results.filter((x: { ruleId: string }) => x.ruleId === run.tool.driver.rules.find((r: { name: string }) => r.name === name).id);
    const [fails] = byRule('fails');
    assert.equal(fails.level, 'error');
    assert.deepEqual(fails.locations[0].physicalLocation, { artifactLocation: { uri: 'prep.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 7 } });
    assert.match(fails.message.text, /torch\.Tensor\.log1p fails on pytorch\/tpu\/eager@TPU v3-8/);
    assert.equal(byRule('fails-partly')[0].level, 'warning');
    assert.equal(byRule('slower')[0].level, 'warning');
    assert.equal(byRule('no-data').find((x: { properties: { function: string } }) => x.properties.function === 'torch.nn.Hardtanh').level, 'note');
    // The same code two lines lower: every fingerprint is kept.
    writeFileSync(join(dir, 'prep.py'), `# moved\n\n${readFileSync(join(dir, 'prep.py'), 'utf8')}`);
    const again = JSON.parse((await runCli(['check', dir, '--target', TPU, '--baseline', T4, '--format', 'sarif', '--db', db], { cwd: dir })).stdout);
    const prints = (s: typeof sarif) => s.runs[0].results.map((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['portabenchFinding/v1']).sort();
    assert.deepEqual(prints(again), prints(sarif));
    assert.equal(again.runs[0].results[0].locations[0].physicalLocation.region.startLine, sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine + 2);
  });

  test('--fail-on: exit status 4 when a finding at or above the level exists', async () => {
    const fails = code({ 'a.py': 'import torch\nx = torch.zeros(3)\nx.log1p()\n' });
    const partly = code({ 'b.py': 'import torch\n\ndef join(a, b):\n    return torch.cat([a, b])\n' });
    const noData = code({ 'c.py': 'import torch\nact = torch.nn.Hardtanh()\n' });
    const status = async (dir: string, level?: string) => (await runCli(['check', dir, '--target', TPU, '--db', db, '--format', 'json', ...(level ? ['--fail-on', level] : [])])).code;
    assert.deepEqual(await Promise.all([status(fails), status(fails, 'complete'), status(fails, 'partial')]), [0, 4, 4]);
    assert.deepEqual(await Promise.all([status(partly, 'complete'), status(partly, 'partial'), status(partly, 'unknown')]), [0, 4, 4]);
    assert.deepEqual(await Promise.all([status(noData, 'partial'), status(noData, 'unknown')]), [0, 4]);
  });

  test('Markdown for a pull request, JSON for scripts, and errors that say what to do', async () => {
    const dir = code({ 'a.py': 'import torch\nx = torch.zeros(3)\nx.log1p()\n' });
    const md = await runCli(['check', dir, '--target', TPU, '--format', 'md', '--db', db]);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /\| target +\| call sites/);
    assert.match(md.stdout, /`torch\.Tensor\.log1p` *\| pytorch\/tpu\/eager@TPU v3-8 *\| fails/);
    const out = join(tempDir(), 'check.json');
    assert.equal((await runCli(['check', dir, '--target', TPU, '--format', 'json', '--out', out, '--db', db])).code, 0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(json.summary.sites, 2);
    assert.equal(json.files[0].sites[1].verdicts[0].status, 'fails');
    const unknown = await runCli(['check', dir, '--target', 'pytorch/xla@TPU v9', '--db', db]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no target in .* matches "pytorch\/xla@TPU v9"; it has: .*pytorch\/tpu\/eager@TPU v3-8/);
    const missing = await runCli(['check', join(dir, 'nope'), '--target', TPU, '--db', db]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read .*nope: no such file or directory/);
  });
});

/**
 * Evidence lifted from operators, on real frameworks: a small suite really run on the CPU with
 * its cases' operators recorded (a case that measures torch.cumsum, then fails with the error a
 * device without that kernel gives: no accelerator is here), functions of the checked code traced
 * by trace-api, and check predicting from them.
 */
describe('predicted verdicts and no device work', () => {
  const db2 = tempDb();
  const src = code({
    'model.py': ['import torch', '', 'def step(w):', '    x = torch.zeros(3, 3)', '    if torch.jit.is_scripting():', '        return x', '    y = x.cumsum(0)', '    return torch.mm(y, w)', ''].join('\n'),
    'tree.py': ['import jax', 'import jax.numpy as jnp', '', 'def total(params):', '    leaves = jax.tree.map(lambda p: p * 2, params)', '    return jnp.sum(leaves)', ''].join('\n'),
  });
  let json: CheckResult;
  let text: string;

  before(async () => {
    const lines = (...l: string[]) => [...l, ''].join('\n');
    const suite = writeSuite({
      'pytorch/torch.cumsum.py': lines(
        'import torch',
        'from portabench import case',
        'FUNCTION = "torch.cumsum"',
        '@case(dtype=["float32"])',
        'def rows(bench, device, dtype):',
        '    x = torch.ones(4, 5, device=device, dtype=getattr(torch, dtype))',
        '    bench.measure(torch.cumsum, x, 0)',
        '    raise NotImplementedError("Could not run \'aten::cumsum\' with arguments from the \'Fake\' backend.")',
      ),
      'pytorch/torch.mm.py': lines('import torch', 'from portabench import case', 'FUNCTION = "torch.mm"', '@case(n=[4])', 'def square(bench, device, n):', '    a = torch.ones(n, n, device=device)', '    assert bench.measure(torch.mm, a, a).shape == (n, n)'),
      'pytorch/torch.matmul.py': lines('import torch', 'from portabench import case', 'FUNCTION = "torch.matmul"', '@case(n=[4])', 'def square(bench, device, n):', '    a = torch.ones(n, n, device=device)', '    assert bench.measure(torch.matmul, a, a).shape == (n, n)'),
      'jax/jax.numpy.sum.py': lines('import jax.numpy as jnp', 'from portabench import case', 'FUNCTION = "jax.numpy.sum"', '@case(n=[8])', 'def vector(bench, device, n):', '    x = jnp.ones(n)', '    assert float(bench.measure(jnp.sum, x)) == n'),
    });
    const run = await runCli(['run', '--suite', suite, '-f', 'pytorch', '-f', 'jax', '-m', 'eager', '-d', 'cpu', '--db', db2, '--timing', 'none', '--record-ops', '-q']);
    assert.equal(run.code, 0, run.stderr);
    for (const fw of ['pytorch', 'jax']) {
      const t = await runCli(['trace-api', '-f', fw, '--from', src, '--db', db2, '-q']);
      assert.equal(t.code, 0, t.stderr);
    }
    const c = await runCli(['check', src, '--target', 'pytorch/cpu', '--target', 'jax/cpu', '--db', db2, '--format', 'json']);
    assert.equal(c.code, 0, c.stderr);
    json = JSON.parse(c.stdout) as CheckResult;
    const t = await runCli(['check', src, '--target', 'pytorch/cpu', '--target', 'jax/cpu', '--db', db2]);
    assert.equal(t.code, 0, t.stderr);
    text = t.stdout;
  });

  const verdict = (fn: string) => {
    const f = json.functions.find((x) => x.function === fn);
    assert.ok(f, `${fn} checked; functions: ${json.functions.map((x) => x.function).join(', ')}`);
    return f.verdicts[0];
  };

  test('jax.tree.map and torch.jit.is_scripting do no device work: decided by their traces', () => {
    for (const fn of ['jax.tree.map', 'torch.jit.is_scripting']) {
      const v = verdict(fn);
      assert.deepEqual([v.status, v.kind], ['runs', 'no_device_work'], fn);
      assert.match(v.note ?? '', /^no device work: runs wherever the framework imports/);
    }
    assert.match(text, /no device work: runs wherever the framework imports \(traced: no operator dispatched\): .*torch\.jit\.is_scripting \(1\)/);
  });

  test('a function that dispatches an operator failing on the target is predicted to fail there, naming the operator and the case', () => {
    const v = verdict('torch.Tensor.cumsum');
    assert.deepEqual([v.status, v.kind], ['fails', 'predicted']);
    assert.match(v.note ?? '', /^predicted to fail on pytorch\/cpu\/eager.*: aten::cumsum has no kernel there \(measured: case rows\[dtype=float32\] of torch\.cumsum/);
    assert.match(text, /model\.py:7:\d+ +torch\.Tensor\.cumsum +predicted to fail on .*aten::cumsum/);
    // measured verdicts stay measured, and a prediction made for them (from other functions' cases) is scored
    assert.deepEqual([verdict('torch.mm').status, verdict('torch.mm').kind], ['runs', 'measured']);
    assert.equal(verdict('torch.mm').prediction?.agrees, true);
    assert.deepEqual([verdict('jax.numpy.sum').status, verdict('jax.numpy.sum').kind], ['runs', 'measured']);
  });

  test('the share of call sites per evidence level, per target', () => {
    const torch = json.summary.targets.find((t) => t.target.startsWith('pytorch/'))!;
    assert.equal(Object.values(torch.levels).reduce((a, b) => a + b, 0), torch.sites);
    assert.ok(torch.levels.measured >= 1 && torch.levels.predicted === 1 && torch.levels.no_device_work === 1, JSON.stringify(torch.levels));
    assert.deepEqual([torch.predictions.scored, torch.predictions.agree], [1, 1]);
    const jax = json.summary.targets.find((t) => t.target.startsWith('jax/'))!;
    assert.deepEqual([jax.levels.measured, jax.levels.no_device_work, jax.levels.none], [1, 1, 0]);
    assert.match(text, /What the answers rest on/);
    assert.match(text, /1 of 1 predictions agree with the measured verdict/);
  });
});

/**
 * A prediction is for the dtype the function was traced with: an operator that fails for one
 * dtype (here aten::mm at uint8, as a device lacking that kernel reports it) does not make a
 * float32 call predicted to fail, and the score compares with the measured float32 cases.
 */
describe('predictions per dtype', () => {
  test('torch.matmul traced at float32 is predicted to run although aten::mm fails for uint8; torch.mm is scored at float32', async () => {
    const db = tempDb();
    const lines = (...l: string[]) => [...l, ''].join('\n');
    const suite = writeSuite({
      'pytorch/torch.mm.py': lines(
        'import torch',
        'from portabench import case',
        'FUNCTION = "torch.mm"',
        '@case(dtype=["float32", "uint8"])',
        'def square(bench, device, dtype):',
        '    a = torch.ones(4, 4, device=device, dtype=getattr(torch, dtype))',
        '    bench.measure(torch.mm, a, a)',
        '    if dtype == "uint8":',
        '        raise NotImplementedError("Could not run \'aten::mm\' with arguments from the \'Fake\' backend.")',
      ),
      'pytorch/torch.Tensor.mm.py': lines('import torch', 'from portabench import case', 'FUNCTION = "torch.Tensor.mm"', '@case(dtype=["float32"])', 'def method(bench, device, dtype):', '    a = torch.ones(4, 4, device=device)', '    bench.measure(torch.Tensor.mm, a, a)'),
    });
    const run = await runCli(['run', '--suite', suite, '-f', 'pytorch', '-m', 'eager', '-d', 'cpu', '--db', db, '--timing', 'none', '--record-ops', '-q']);
    assert.equal(run.code, 0, run.stderr);
    const src = code({ 'use.py': ['import torch', '', 'def f(a, b):', '    return torch.matmul(a, b), torch.mm(a, b)', ''].join('\n') });
    const t = await runCli(['trace-api', '-f', 'pytorch', '--from', src, '--db', db, '-q']);
    assert.equal(t.code, 0, t.stderr);
    const c = await runCli(['check', src, '--target', 'pytorch/cpu', '--db', db, '--format', 'json']);
    assert.equal(c.code, 0, c.stderr);
    const json = JSON.parse(c.stdout) as CheckResult;
    const v = (fn: string) => json.functions.find((x) => x.function === fn)!.verdicts[0];
    assert.deepEqual([v('torch.matmul').status, v('torch.matmul').kind], ['runs', 'predicted'], v('torch.matmul').note);
    assert.match(v('torch.matmul').note ?? '', /predicted to run on pytorch\/cpu\/eager.* \(float32, as traced\): dispatches aten::mm/);
    // torch.mm fails partly as measured (uint8), yet its float32 prediction agrees with its float32 cases
    assert.deepEqual([v('torch.mm').status, v('torch.mm').kind], ['fails_partly', 'measured']);
    assert.equal(v('torch.mm').prediction?.agrees, true, JSON.stringify(v('torch.mm').prediction));
  });
});
