// The failure taxonomy on real error texts: the 2023 study's failures (hand-labelled
// fixture) and errors raised for real by PyTorch on CPU through a real run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { classify, fromPytestLongrepr } from '../src/classify/classify.js';
import { ROOT, runCli, tempDb, writeSuite } from './helpers.js';

interface Labelled {
  source: string;
  nodeid: string;
  framework: string;
  label: string;
  longrepr: string;
}

const corpus = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'failure-corpus.json'), 'utf8')) as { cases: Labelled[] };

describe("the 2023 study's failures, hand-labelled", () => {
  it('holds at least 60 labelled failures from the study, each with its source and nodeid', () => {
    assert.ok(corpus.cases.length >= 60);
    for (const c of corpus.cases) {
      assert.match(c.source, /test_failure_report\.json$/);
      assert.match(c.nodeid, /::/);
    }
    const labels = new Set(corpus.cases.map((c) => c.label));
    for (const l of ['not_implemented', 'type_failure', 'memory', 'float_precision', 'timeout', 'other']) assert.ok(labels.has(l), `the fixture covers ${l}`);
  });

  for (const c of corpus.cases) {
    it(`${c.nodeid.split('/').at(-1)} (${c.source.split('/')[1]}) → ${c.label}`, () => {
      assert.equal(classify(fromPytestLongrepr(c.longrepr, c.framework)), c.label);
    });
  }
});

describe('reading a pytest longrepr', () => {
  it('takes the exception type from the closing line and the message from the E lines', () => {
    const f = fromPytestLongrepr('    def test_x(self):\n>       torch.ones(2)\nE       RuntimeError: "smooth_l1_cuda" not implemented for \'BFloat16\'\n\nsrc/t.py:12: RuntimeError', 'pytorch');
    assert.equal(f.errorType, 'RuntimeError');
    assert.equal(f.message, 'RuntimeError: "smooth_l1_cuda" not implemented for \'BFloat16\'');
  });
});

const REAL_ERRORS = `
import numpy as np
import torch
from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.linalg.svd"

@case(dtype=["float16", "bfloat16"])
def no_kernel(bench, device, dtype):
    a = torch.eye(3, dtype=getattr(torch, dtype), device=device)
    bench.measure(torch.linalg.svd, a)

@case
def mixed_dtypes(bench, device):
    bench.measure(torch.matmul, torch.ones(2, 2, dtype=torch.int32), torch.ones(2, 2))

@case
def conv_weight_dtype(bench, device):
    x = torch.ones(1, 1, 3, 3, dtype=torch.float64)
    bench.measure(torch.nn.functional.conv2d, x, torch.ones(1, 1, 2, 2))

@case
def half_tolerance(bench, device):
    x = torch.full((64,), 1.0 / 3.0, dtype=torch.float16)
    out = bench.measure(torch.cumsum, x, 0)
    assert_close(out, np.cumsum(np.full(64, 1.0 / 3.0)), "float32")

@case
def torch_testing_miss(bench, device):
    out = bench.measure(torch.add, torch.ones(3), torch.ones(3))
    torch.testing.assert_close(out, torch.full((3,), 2.001))

@case
def allocator(bench, device):
    bench.measure(torch.empty, 1 << 50)

@case
def numpy_memory(bench, device):
    np.ones(1 << 55, dtype=np.uint8)

@case
def wrong_call(bench, device):
    bench.measure(torch.linalg.svd, torch.eye(3), torch.eye(3), torch.eye(3))

@case
def passes(bench, device):
    bench.measure(torch.linalg.svd, torch.eye(3))
`;

const EXPECTED: Record<string, string | null> = {
  'no_kernel[dtype=float16]': 'not_implemented',
  'no_kernel[dtype=bfloat16]': 'not_implemented',
  mixed_dtypes: 'type_failure',
  conv_weight_dtype: 'type_failure',
  half_tolerance: 'float_precision',
  torch_testing_miss: 'float_precision',
  allocator: 'memory',
  numpy_memory: 'memory',
  wrong_call: 'other',
  passes: null,
};

describe('real PyTorch errors on CPU, through a real run', () => {
  it('stores each failure with its category and its raw error', async () => {
    const db = tempDb();
    const suite = writeSuite({ 'pytorch/torch.linalg.svd.py': REAL_ERRORS });
    const res = await runCli(['run', '--suite', suite, '-f', 'pytorch', '-m', 'eager', '--db', db, '--timeout', '60', '--min-time', '0.001', '--min-reps', '1', '--quiet']);
    assert.ok([0, 1].includes(res.code ?? -1), res.stderr);
    const sql = new BetterSqlite3(db, { readonly: true });
    const rows = sql.prepare('SELECT c.name, r.outcome, r.category, r.error_type, r.error_message, r.traceback FROM cases c JOIN results r ON r.case_id = c.id').all() as Array<Record<string, string | null>>;
    sql.close();
    const byName = new Map(rows.map((r) => [r.name!, r]));
    for (const [name, category] of Object.entries(EXPECTED)) {
      const r = byName.get(name);
      assert.ok(r, `${name} has a result`);
      assert.equal(r.category, category, `${name}: ${r.error_type}: ${r.error_message}`);
      if (category) {
        assert.ok(r.error_type && r.error_message, `${name} keeps its raw error`);
        assert.match(r.traceback ?? '', /Traceback/, `${name} keeps its traceback`);
      }
    }
  });
});
