// What the per-case state check costs (issue 16: under 0.2 ms): in each framework's own
// Python, the worker's StateGuard (python/portabench/state_guard.py) reads the
// process-wide state before a case and settles it after, N times, for a case that changes
// nothing (every case of a clean suite) and for one that changes one setting the worker
// then sets back. Prints the median and the 90th percentile per case.
// Run: node --import tsx bench/state-guard.ts [framework…] [--cases N]   (after npx tsc -p .)
import { spawnSync } from 'node:child_process';
import { loadConfig } from '../src/envs/config.js';
import { FRAMEWORK_NAMES } from '../src/envs/frameworks.js';
import { resolveInterpreters } from '../src/envs/interpreters.js';
import { pythonEnv } from '../src/runner/launcher.js';

const args = process.argv.slice(2);
const at = args.indexOf('--cases');
const cases = at >= 0 ? Number(args[at + 1]) : 2000;
const named = args.filter((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
const frameworks = named.length ? named : FRAMEWORK_NAMES;

// One setting per framework that a case may change, and how to change it.
const CHANGE: Record<string, string> = {
  pytorch: 'import torch; torch.set_default_dtype(torch.float64)',
  jax: 'import jax; jax.config.update("jax_numpy_rank_promotion", "raise")',
  tensorflow: 'import tensorflow as tf; tf.config.run_functions_eagerly(True)',
};

const SCRIPT = `
import json, sys, time
from portabench import frameworks
from portabench.state_guard import StateGuard
fw, n, change = sys.argv[1], int(sys.argv[2]), sys.argv[3]
adapter = frameworks.load(fw)
adapter.devices()
guard = StateGuard(adapter)
def per_case(body):
    ts = []
    for _ in range(n):
        t = time.perf_counter()
        before = guard.read()
        body()
        changes, replace = guard.settle(before)
        ts.append((time.perf_counter() - t) * 1e3)
    assert replace is None, replace
    ts.sort()
    return {"median_ms": ts[len(ts) // 2], "p90_ms": ts[int(len(ts) * 0.9)], "changes": len(changes)}
per_case(lambda: None)  # warm
clean = per_case(lambda: None)
code = compile(change, "<change>", "exec")
changed = per_case(lambda: exec(code, {}))
print(json.dumps({"clean": clean, "changed": changed}))
`;

const config = loadConfig();
console.log(`State check per case (read before + settle after), ${cases} cases each, on this machine's CPU`);
console.log(`${'framework'.padEnd(11)} ${'clean median'.padStart(13)} ${'clean p90'.padStart(10)} ${'1 change median'.padStart(16)} ${'1 change p90'.padStart(13)}`);
for (const it of resolveInterpreters(config, {}, frameworks)) {
  if (it.source === 'missing' || !it.python) {
    console.log(`${it.framework.padEnd(11)} no interpreter (run portabench setup)`);
    continue;
  }
  const res = spawnSync(it.python, ['-c', SCRIPT, it.framework, String(cases), CHANGE[it.framework] ?? 'pass'], { encoding: 'utf8', env: pythonEnv({ TF_CPP_MIN_LOG_LEVEL: '3' }) });
  if (res.status !== 0) {
    console.log(`${it.framework.padEnd(11)} failed: ${res.stderr.trim().split('\n').slice(-1)[0]}`);
    continue;
  }
  const r = JSON.parse(res.stdout.trim().split('\n').slice(-1)[0]) as { clean: { median_ms: number; p90_ms: number }; changed: { median_ms: number; p90_ms: number; changes: number } };
  const ms = (v: number) => `${v.toFixed(3)} ms`;
  if (r.changed.changes !== 1) console.log(`${it.framework}: the change was seen as ${r.changed.changes} changes, not 1: the bench measures something else than it says`);
  console.log(`${it.framework.padEnd(11)} ${ms(r.clean.median_ms).padStart(13)} ${ms(r.clean.p90_ms).padStart(10)} ${ms(r.changed.median_ms).padStart(16)} ${ms(r.changed.p90_ms).padStart(13)}`);
}
