import assert from 'node:assert/strict';
import { readFileSync, truncateSync, writeFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { extractUsage } from '../src/mining/extract.js';
import { pythonParser } from '../src/mining/parser.js';
import { listCorpora, readFrequencies, readMethodCounts } from '../src/mining/store.js';
import { Store } from '../src/store/store.js';
import { writeParquet } from './fixtures/mining/write-parquet.js';
import { ROOT, runCli, tempDb, tempDir } from './helpers.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'mining');
const CORPUS = join(FIXTURES, 'corpus');
const TORCH = join(ROOT, '.venvs', 'pytorch', 'lib', 'python3.11', 'site-packages', 'torch');

interface Mined {
  corpus: string;
  files: number;
  parsed: number;
  skipped: Record<string, number>;
  frameworks: Record<string, { files_importing: number }>;
  names: Array<{ name: string; framework: string; calls: number; refs: number; files: number }>;
  methods: Array<{ method: string; framework: string; calls: number; files: number }>;
}

async function mine(args: string[]): Promise<Mined> {
  const r = await runCli(['mine', '--json', '--no-store', '--jobs', '1', ...args]);
  assert.equal(r.code, 0, `portabench mine ${args.join(' ')} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as Mined;
}

function name(m: Mined, qualified: string) {
  return m.names.find((n) => n.name === qualified);
}

function method(m: Mined, bare: string, framework = 'pytorch') {
  return m.methods.find((n) => n.method === bare && n.framework === framework);
}

/** name → "calls/refs/files", for comparing whole results. */
function table(m: Mined): Record<string, string> {
  return Object.fromEntries(m.names.map((n) => [`${n.framework} ${n.name}`, `${n.calls}/${n.refs}/${n.files}`]));
}

async function uses(source: string): Promise<Record<string, string>> {
  const r = extractUsage(await pythonParser(), source);
  assert.ok(r.ok, `expected the source to parse: ${JSON.stringify(r)}`);
  return Object.fromEntries([...r.usage.names].map(([k, v]) => [k.split('\t')[1], `${v.calls}/${v.refs}`]));
}

function pyFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((f) => join(dir, f));
}

test('import aliases, from-imports and canonical TensorFlow names resolve to qualified names', async () => {
  assert.deepEqual(
    await uses(
      [
        'import torch.nn as nn',
        'from torch import optim',
        'from torch.nn import functional as F',
        'import tensorflow as tf',
        'import tensorflow',
        'from tensorflow.keras import layers as L',
        'import jax.numpy as jnp',
        'from jax import numpy as np2',
        'import torch.utils.data',
        'nn.Linear(1, 2); optim.Adam(p); F.relu(x); tf.zeros(3); tensorflow.zeros(3); L.Dense(2)',
        'jnp.cos(1); np2.sin(1); torch.utils.data.DataLoader(d); y = nn.functional.relu',
      ].join('\n'),
    ),
    {
      'torch.nn.Linear': '1/1',
      'torch.optim.Adam': '1/1',
      'torch.nn.functional.relu': '1/2',
      'tf.zeros': '2/2',
      'tf.keras.layers.Dense': '1/1',
      'jax.numpy.cos': '1/1',
      'jax.numpy.sin': '1/1',
      'torch.utils.data.DataLoader': '1/1',
    },
  );
});

test('local bindings shadow an alias in their scope only; strings, comments and keywords are no references', async () => {
  const src = [
    'import torch',
    'from torch.nn import functional as F',
    'def param(F, x):',
    '    return F.relu(x)            # a parameter: not torch',
    'def assigned(x):',
    '    y = F.gelu(x)               # F is assigned below, so local in the whole function',
    '    F = None',
    'def declared_global(x):',
    '    global F',
    '    return F.silu(x)            # global: torch.nn.functional.silu',
    'def reimported(x):',
    '    import numpy as F',
    '    return F.tanh(x)            # numpy, not torch',
    'def local_import(x):',
    '    from torch import linalg as F',
    '    return F.svd(x)             # torch.linalg.svd',
    'class C:',
    '    torch = 1                   # a class attribute: not seen by methods',
    '    def m(self):',
    '        return torch.ones(1)',
    'f = lambda torch: torch.ones(2)',
    'g = [torch for torch in range(2)]',
    'h = [torch.zeros(i) for i in range(2)]',
    's = "torch.zeros(1)"  # torch.zeros(2)',
    'k = dict(torch=1, F=2)',
    'F.softmax(x, dim=0).sum()',
  ].join('\n');
  assert.deepEqual(await uses(src), {
    'torch.nn.functional.silu': '1/1',
    'torch.linalg.svd': '1/1',
    'torch.ones': '1/1',
    'torch.zeros': '1/1',
    'torch.nn.functional.softmax': '1/1',
  });
});

test('bare method calls on values of unknown type are counted apart from qualified names', async () => {
  const r = extractUsage(await pythonParser(), 'import torch\nimport numpy as np\nx = torch.zeros(3).to("cpu")\nx.sum()\nself.helper()\nself.w.cuda()\nnp.ones(2)\n", ".join(a)\n');
  assert.ok(r.ok);
  assert.deepEqual(Object.fromEntries(r.usage.methods), { to: 1, sum: 1, cuda: 1 });
  assert.deepEqual([...r.usage.names.keys()], ['pytorch\ttorch.zeros']);
});

test('counts in PyTorch 2.13 sources match counts made by hand', async () => {
  // torch/nn/modules/linear.py imports `from torch.nn import functional as F, init`,
  // `from torch import Tensor`, `from torch.nn.parameter import Parameter, UninitializedParameter`.
  // Counted with `grep -nE "\bF\.|\binit\.|\bTensor\b|torch\.empty\b|\bParameter\b|UninitializedParameter|torch\.no_grad" linear.py`,
  // leaving out the import lines and docstring lines (the ">>> torch.randn(…)" examples, ":class:" mentions):
  //   F.linear l.134, F.bilinear l.247; init.uniform_ l.128, 239, 241; init.kaiming_uniform_ l.124;
  //   torch.empty l.109, 112, 221, 225; Tensor as annotations l.46 (2), 94, 130 (2), 204, 243 (3) = 9, never called;
  //   Parameter( l.108, 112, 220, 225; UninitializedParameter annotations l.290, 291 and calls l.302, 306;
  //   torch.no_grad() l.322; torch.randn only in docstrings.
  const linear = await mine([join(TORCH, 'nn', 'modules', 'linear.py')]);
  assert.equal(linear.parsed, 1);
  const expect = (m: Mined, q: string, calls: number, refs: number) => assert.deepEqual(name(m, q) && [name(m, q)!.calls, name(m, q)!.refs], [calls, refs], q);
  expect(linear, 'torch.nn.functional.linear', 1, 1);
  expect(linear, 'torch.nn.functional.bilinear', 1, 1);
  expect(linear, 'torch.nn.init.uniform_', 3, 3);
  expect(linear, 'torch.nn.init.kaiming_uniform_', 1, 1);
  expect(linear, 'torch.empty', 4, 4);
  expect(linear, 'torch.Tensor', 0, 9);
  expect(linear, 'torch.nn.parameter.Parameter', 4, 4);
  expect(linear, 'torch.nn.parameter.UninitializedParameter', 2, 4);
  expect(linear, 'torch.no_grad', 1, 1);
  assert.equal(name(linear, 'torch.randn'), undefined, 'names in docstrings are not uses');

  // torch/distributions/normal.py: `from torch.distributions import constraints`; counted with
  // grep -nE "constraints\.|torch\.(Size|log|normal|erf|no_grad)\b|\.(pow|reciprocal|expand)\(" normal.py:
  //   constraints.real l.34, 35 and constraints.positive l.34 (attributes, no calls);
  //   torch.Size() l.63, 70, 77, 82; torch.log l.114, 122; torch.normal l.80; torch.erf l.107.
  //   Bare methods on values: .pow( l.53, 118 (twice), 122 = 4; .reciprocal( l.107, 118 = 2;
  //   .expand( l.71, 72, 80 (twice) = 4.
  const normal = await mine([join(TORCH, 'distributions', 'normal.py')]);
  expect(normal, 'torch.distributions.constraints.real', 0, 2);
  expect(normal, 'torch.distributions.constraints.positive', 0, 1);
  expect(normal, 'torch.Size', 4, 4);
  expect(normal, 'torch.log', 2, 2);
  expect(normal, 'torch.normal', 1, 1);
  expect(normal, 'torch.erf', 1, 1);
  assert.equal(method(normal, 'pow')?.calls, 4);
  assert.equal(method(normal, 'reciprocal')?.calls, 2);
  assert.equal(method(normal, 'expand')?.calls, 4);
  assert.equal(name(normal, 'pow'), undefined, 'bare methods never mix with qualified names');
});

test('a directory is mined recursively, .py files only, with the expected counts', async () => {
  const m = await mine([CORPUS, '--jobs', '2']);
  assert.equal(m.corpus, 'corpus');
  assert.equal(m.files, 4, 'four .py files (notes.txt is not Python)');
  assert.equal(m.parsed, 3, 'plain.py does not import a framework: never parsed');
  assert.deepEqual(m.skipped, {});
  assert.deepEqual(m.frameworks, { pytorch: { files_importing: 1 }, tensorflow: { files_importing: 1 }, jax: { files_importing: 1 } });
  assert.deepEqual(table(m), {
    'pytorch torch.nn.functional.relu': '2/2/1', // F.relu in forward, torch.nn.functional.relu in train; not the shadowed F
    'pytorch torch.zeros': '2/2/1', // not the string nor the comment
    'pytorch torch.nn.Linear': '1/1/1',
    'pytorch torch.optim.Adam': '1/1/1',
    'pytorch torch.nn.Module': '0/1/1',
    'tensorflow tf.zeros': '1/1/1',
    'tensorflow tf.keras.layers.Dense': '1/1/1',
    'tensorflow tf.linalg.svd': '1/1/1',
    'tensorflow tf.ones': '1/1/1',
    'tensorflow tf.compat.v1.placeholder': '1/1/1',
    'tensorflow tf.float32': '0/1/1',
    'jax jax.numpy.cos': '2/2/1',
    'jax jax.numpy.sum': '1/1/1',
    'jax jax.grad': '1/1/1',
    'jax jax.jit': '0/1/1', // a decorator is a reference, not a call expression
  });
  for (const bare of ['to', 'sum', 'relu', 'parameters', '__init__']) assert.equal(method(m, bare)?.calls, 1, bare);
});

test('single files, JSON Lines, gzip JSON Lines and Parquet give the same counts as the directory', async () => {
  const dir = tempDir('portabench-mining-');
  const files = pyFiles(CORPUS);
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const jsonl = texts.map((content, i) => JSON.stringify({ repo_name: 'fixture', path: relative(CORPUS, files[i]), content })).join('\n') + '\n';
  writeFileSync(join(dir, 'corpus.jsonl'), jsonl);
  writeFileSync(join(dir, 'corpus.jsonl.gz'), gzipSync(jsonl));
  writeParquet(join(dir, 'corpus.parquet'), texts, 3); // two row groups
  const expected = table(await mine([CORPUS]));
  const single = await mine(files);
  assert.equal(single.files, 4);
  assert.deepEqual(table(single), expected);
  for (const input of ['corpus.jsonl', 'corpus.jsonl.gz', 'corpus.parquet']) {
    const m = await mine([join(dir, input)]);
    assert.equal(m.files, 4, input);
    assert.equal(m.parsed, 3, input);
    assert.deepEqual(table(m), expected, input);
  }
});

test('bad input is counted by reason and skipped, never fatal', async () => {
  const dir = tempDir('portabench-mining-bad-');
  const good = 'import torch\ntorch.zeros(1)\n';
  writeFileSync(join(dir, 'good.py'), good);
  writeFileSync(join(dir, 'binary.py'), Buffer.from([0x69, 0x6d, 0x70, 0x6f, 0x72, 0x74, 0x00, 0x01, 0xff]));
  writeFileSync(join(dir, 'latin1.py'), Buffer.concat([Buffer.from('import torch\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
  writeFileSync(join(dir, 'syntax.py'), 'import torch\ndef f(:\n    torch.zeros(1)\n');
  writeFileSync(join(dir, 'py2.py'), 'import torch\nprint "hello", torch.zeros(1)\n');
  writeFileSync(join(dir, 'big.py'), '');
  truncateSync(join(dir, 'big.py'), 100 * 1024 * 1024); // a 100 MB file (sparse)
  mkdirSync(join(dir, 'sub'));
  const big = JSON.stringify({ content: `import torch\n${'x = torch.zeros(1)\n'.repeat(400_000)}` }); // ~7.6 MB record
  writeFileSync(
    join(dir, 'sub', 'records.jsonl'),
    [JSON.stringify({ content: good }), '{"content": broken', JSON.stringify({ text: good }), JSON.stringify({ content: 'import torch\x00' }), big, JSON.stringify({ content: good })].join('\n'),
  );
  const m = await mine([dir, join(dir, 'sub', 'records.jsonl'), '--max-file-mb', '5']);
  assert.deepEqual(m.skipped, { binary: 2, bad_record: 2, invalid_utf8: 1, python2: 1, syntax_error: 1, too_large: 2 });
  assert.equal(m.files, 6 + 6);
  assert.equal(m.parsed, 3);
  assert.deepEqual(name(m, 'torch.zeros'), { name: 'torch.zeros', framework: 'pytorch', calls: 3, refs: 3, files: 3, in_catalog: null });
});

test('frequencies are stored per corpus and read back by library functions; mining again replaces them', async () => {
  const db = tempDb();
  const r = await runCli(['mine', CORPUS, '--db', db, '--corpus-name', 'fixture', '--jobs', '1', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const printed = JSON.parse(r.stdout) as Mined;
  for (const n of printed.names) delete (n as { in_catalog?: unknown }).in_catalog; // no catalog here: null
  const store = await Store.open(db);
  try {
    const stored = await readFrequencies(store.db, 'fixture');
    assert.deepEqual(stored, printed.names);
    assert.deepEqual(await readFrequencies(store.db, 'fixture', { framework: 'jax' }), printed.names.filter((n) => n.framework === 'jax'));
    assert.deepEqual(await readMethodCounts(store.db, 'fixture'), printed.methods);
    assert.deepEqual(await readFrequencies(store.db, 'no such corpus'), []);
  } finally {
    await store.close();
  }
  const again = await runCli(['mine', join(CORPUS, 'pkg'), '--db', db, '--corpus-name', 'fixture', '--framework', 'jax', '--jobs', '1', '-q']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /jax\.numpy\.cos/);
  const store2 = await Store.open(db);
  try {
    const corpora = await listCorpora(store2.db);
    assert.equal(corpora.length, 1);
    assert.equal(corpora[0].files, 2);
    assert.deepEqual(corpora[0].frameworks, { jax: { files_importing: 1 } });
    assert.deepEqual(
      (await readFrequencies(store2.db, 'fixture')).map((n) => n.name),
      ['jax.numpy.cos', 'jax.grad', 'jax.numpy.sum', 'jax.jit'],
    );
  } finally {
    await store2.close();
  }
});

test('used names are joined with the newest API catalog of their framework, names outside it reported too', async () => {
  const db = tempDb();
  const store = await Store.open(db);
  try {
    // a catalog as `portabench enumerate` stores it (tables of migration 004_catalog)
    const at = new Date().toISOString();
    const { id } = await store.db.insertInto('catalogs' as never).values({ framework: 'jax', version: '0.0-test', python: null, created_at: at, stats: '{}' } as never).returning('id' as never).executeTakeFirstOrThrow() as { id: number };
    await store.db.insertInto('catalog_entries' as never).values([
      { catalog_id: id, name: 'jax.numpy.cos', kind: 'function', module: 'jax.numpy' },
      { catalog_id: id, name: 'jax.grad', kind: 'function', module: 'jax' },
    ] as never).execute();
  } finally {
    await store.close();
  }
  const r = await runCli(['mine', join(CORPUS, 'pkg'), '--db', db, '--jobs', '1', '--json', '-q']);
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout) as Mined & { catalogs: Record<string, string>; names: Array<{ name: string; in_catalog: boolean | null }> };
  assert.deepEqual(m.catalogs, { jax: '0.0-test' });
  assert.deepEqual(Object.fromEntries(m.names.map((n) => [n.name, n.in_catalog])), { 'jax.numpy.cos': true, 'jax.grad': true, 'jax.numpy.sum': false, 'jax.jit': false });
  const text = await runCli(['mine', join(CORPUS, 'pkg'), '--db', db, '--jobs', '1', '-q']);
  assert.match(text.stdout, /4 qualified names used, 2 of them in the jax 0\.0-test catalog/);
});

test('a corpus input that does not exist is an error that names it', async () => {
  const r = await runCli(['mine', join(tempDir(), 'nowhere'), '--no-store']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot read corpus input .*nowhere: no such file or directory/);
  assert.ok(statSync(CORPUS).isDirectory());
});

test('the fast import test gives the pre-filter regex\'s answer on every file of PyTorch\'s own sources', async () => {
  const { importPrefilter, importTest } = await import('../src/mining/prefilter.js');
  const re = importPrefilter();
  const fast = importTest();
  const root = TORCH;
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.py')) files.push(p);
    }
  };
  walk(root);
  const texts = [...files.map((f) => readFileSync(f, 'utf8')), 'import os\n', 'x = 1; import numpy as np, torch\n', '# torch is mentioned here\nimport jaxlib\n', 'from keras import layers\n', '"""import torch"""\n'];
  let passing = 0;
  for (const t of texts) {
    assert.equal(fast(t), re.test(t), t.slice(0, 80));
    if (re.test(t)) passing++;
  }
  assert.ok(files.length > 1000 && passing > 100, `${files.length} files, ${passing} pass`);
});
