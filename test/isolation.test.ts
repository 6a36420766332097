// Isolation: every bad thing a case can do, done for real to a real JAX worker, under
// each --isolate mode. The run must go on, and each case must be stored with the
// right outcome, category and output.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { runCli, tempDb, writeSuite } from './helpers.js';

const BAD = `
import ctypes, os, signal, sys, time
import jax.numpy as jnp
from portabench import case

FUNCTION = "jax.numpy.add"

def add(x, y):
    return jnp.add(x, y)

@case
def before(bench, device):
    out = bench.measure(add, jnp.ones(4), jnp.ones(4))
    assert float(out.sum()) == 8.0

@case
def hang(bench, device):
    print("going to sleep", flush=True)
    time.sleep(3600)

@case
def segfault(bench, device):
    print("about to segfault", file=sys.stderr, flush=True)
    ctypes.string_at(0)

@case
def sigsegv(bench, device):
    os.kill(os.getpid(), signal.SIGSEGV)

@case
def abort(bench, device):
    os.abort()

@case
def hard_exit(bench, device):
    sys.stderr.write("leaving with status 7\\n"); sys.stderr.flush()
    os._exit(7)

@case
def soft_exit(bench, device):
    sys.exit(3)

@case
def memory(bench, device):
    import numpy as np
    np.empty(1 << 55, dtype=np.uint8)

@case
def flood(bench, device):
    chunk = "y" * (1 << 20)
    for _ in range(200):
        sys.stdout.write(chunk)
        sys.stderr.write(chunk)
    print("END-OF-FLOOD", flush=True)
    sys.stderr.write("ERR-END\\n"); sys.stderr.flush()
    time.sleep(0.2)  # a few rounds of the capture's watcher
    st = os.fstat(1)
    # every byte is accounted for, but the disk holds only a bounded part of it
    assert st.st_size >= 200 << 20, st.st_size
    assert st.st_blocks * 512 < 16 << 20, f"{st.st_blocks * 512} bytes on disk"
    bench.measure(add, jnp.ones(2), jnp.ones(2))

@case
def close_std(bench, device):
    os.close(1)
    os.close(2)
    bench.measure(add, jnp.ones(2), jnp.ones(2))

@case
def close_protocol(bench, device):
    for fd in (3, 4):
        try:
            os.write(fd, b"garbage that is not JSON\\n")
        except OSError:
            pass
        try:
            os.close(fd)
        except OSError:
            pass
    bench.measure(add, jnp.ones(2), jnp.ones(2))

@case
def poison(bench, device):
    # what a CUDA error does to a context, simulated on CPU: every later computation on
    # the device fails. Public attributes a case replaces are set back after it (state
    # isolation), so the breakage is put where no case reaches: the worker's health check.
    import sys
    def broken(*a, **k):
        raise RuntimeError("CUDA error: an illegal memory access was encountered")
    sys.modules["portabench.frameworks.jax"].Adapter.health_check = broken
    raise RuntimeError("CUDA error: an illegal memory access was encountered")

@case
def after(bench, device):
    out = bench.measure(add, jnp.ones(4), jnp.ones(4))
    assert float(jnp.sum(out)) == 8.0
`;

interface Row {
  name: string;
  outcome: string;
  category: string | null;
  error_type: string | null;
  error_message: string | null;
  stdout: string | null;
  stderr: string | null;
  worker_pid: number | null;
}

function results(db: string): Map<string, Row> {
  const sql = new BetterSqlite3(db, { readonly: true });
  try {
    const rows = sql.prepare('SELECT c.name, r.outcome, r.category, r.error_type, r.error_message, r.stdout, r.stderr, r.worker_pid FROM cases c JOIN results r ON r.case_id = c.id').all() as Row[];
    return new Map(rows.map((r) => [r.name, r]));
  } finally {
    sql.close();
  }
}

const suite = writeSuite({ 'jax/jax.numpy.add.py': BAD });

for (const isolate of ['target', 'function', 'case'] as const) {
  describe(`--isolate ${isolate}`, () => {
    it('records every bad case with the right outcome and keeps running', async () => {
      const db = tempDb();
      const res = await runCli(['run', '--suite', suite, '-f', 'jax', '-m', 'eager', '--db', db, '--timeout', '8', '--isolate', isolate, '--min-time', '0.001', '--min-reps', '2']);
      assert.ok([0, 1].includes(res.code ?? -1), res.stderr);
      const r = results(db);
      assert.equal(r.size, 13, `every case has one result: ${[...r.keys()].join(', ')}\n${res.stderr}`);

      assert.equal(r.get('before')!.outcome, 'pass');

      const hang = r.get('hang')!;
      assert.equal(hang.outcome, 'timeout');
      assert.equal(hang.category, 'timeout');
      assert.match(hang.stdout ?? '', /going to sleep/);

      for (const name of ['segfault', 'sigsegv']) {
        assert.equal(r.get(name)!.outcome, 'crash', name);
        assert.equal(r.get(name)!.error_type, 'Signal SIGSEGV', name);
      }
      assert.match(r.get('segfault')!.stderr ?? '', /about to segfault/);
      assert.equal(r.get('abort')!.error_type, 'Signal SIGABRT');

      const hard = r.get('hard_exit')!;
      assert.equal(hard.outcome, 'crash');
      assert.equal(hard.error_type, 'Exit 7');
      assert.match(hard.stderr ?? '', /leaving with status 7/);

      const soft = r.get('soft_exit')!;
      assert.equal(soft.outcome, 'crash');
      assert.equal(soft.category, 'crash');
      assert.match(soft.error_message ?? '', /sys\.exit\(3\).*status 3/);

      const mem = r.get('memory')!;
      assert.equal(mem.outcome, 'fail');
      assert.equal(mem.category, 'memory');

      const flood = r.get('flood')!;
      assert.equal(flood.outcome, 'pass', flood.error_message ?? '');
      assert.ok((flood.stdout ?? '').length < 100_000, `stdout kept bounded, got ${flood.stdout?.length}`);
      assert.match(flood.stdout ?? '', /bytes not kept/);
      assert.match(flood.stdout ?? '', /END-OF-FLOOD/);
      assert.match(flood.stderr ?? '', /ERR-END/);

      assert.equal(r.get('close_std')!.outcome, 'pass', r.get('close_std')!.error_message ?? '');
      assert.equal(r.get('close_protocol')!.outcome, 'pass', r.get('close_protocol')!.error_message ?? '');

      const poison = r.get('poison')!;
      assert.equal(poison.outcome, 'fail');
      assert.match(poison.error_message ?? '', /worker was replaced/);
      const after = r.get('after')!;
      assert.equal(after.outcome, 'pass', `a fresh worker runs the case after the poisoned one: ${after.error_message}`);

      const pids = new Set([...r.values()].map((x) => x.worker_pid));
      if (isolate === 'case') assert.equal(pids.size, r.size, 'a fresh worker per case');
      if (isolate === 'function') assert.ok(pids.size >= 8, 'crashes still replace the worker');
    });
  });
}
