// Which JAX function verdicts changed between two stores (issue 16: JAX measured in its
// default 32-bit mode instead of x64 everywhere). For each suite (default: paper-2023 and
// jax-harnesses) and each JAX target (device × mode × framework configuration), the latest
// run of the "before" store is diffed against the latest run of the "after" store with the
// same diff `portabench diff` prints (src/analysis/diff.ts: diffTargets), and the function
// status changes are listed with the cases behind them. Usage:
//   node --import tsx scripts/jax-verdicts.ts --before BEFORE.db --after AFTER.db [--suite NAME]... [--json]
// (scripts/jax-verdicts.sh wraps it). Stores are SQLite files or postgres:// URLs.
// Targets pair by suite, device, mode and framework configuration; --any-config pairs them
// whatever their configuration (e.g. a before store run with --framework-config
// jax_enable_x64=true, which is what portabench measured before JAX ran 32-bit by default).
import { parseArgs } from 'node:util';
import { diffTargets, type TargetDiff } from '../src/analysis/diff.js';
import { loadDataset, type TargetData } from '../src/analysis/dataset.js';
import { formatConfig } from '../src/model/target-id.js';
import { Store } from '../src/store/store.js';

const { values } = parseArgs({
  options: { before: { type: 'string' }, after: { type: 'string' }, suite: { type: 'string', multiple: true }, json: { type: 'boolean' }, 'any-config': { type: 'boolean' }, cases: { type: 'string', default: '5' } },
});
if (!values.before || !values.after) {
  process.stderr.write('usage: node --import tsx scripts/jax-verdicts.ts --before BEFORE.db --after AFTER.db [--suite paper-2023 --suite jax-harnesses] [--json] [--cases N] [--any-config]\n');
  process.exit(2);
}
const suites = values.suite?.length ? values.suite : ['paper-2023', 'jax-harnesses'];
const maxCases = Number(values.cases);

/** The latest run's target of each suite / device / mode / configuration. */
async function jaxTargets(location: string): Promise<Map<string, TargetData>> {
  const store = await Store.open(location);
  try {
    const ds = await loadDataset(store, { origin: 'run' });
    const out = new Map<string, TargetData>();
    for (const d of ds.targets) {
      if (d.target.framework !== 'jax' || !suites.includes(d.run.suite) || d.target.status !== 'done') continue;
      const key = `${d.run.suite} jax/${d.target.device}/${d.target.mode}${values['any-config'] ? '' : formatConfig(d.id.config)}`;
      const prev = out.get(key);
      if (!prev || prev.run.id < d.run.id) out.set(key, d);
    }
    return out;
  } finally {
    await store.close();
  }
}

/** The worker's process-wide x64 mode (build info) and its configuration, as the header shows them. */
const x64 = (d: TargetData) => {
  let mode = '?';
  try {
    mode = String((JSON.parse(d.target.build ?? '{}') as { x64?: unknown }).x64 ?? '?');
  } catch {
    /* no build info */
  }
  return `${mode}${formatConfig(d.id.config) ? `, ${formatConfig(d.id.config)}` : ''}`;
};

interface PairReport {
  key: string;
  before: { run: number; x64: string } | null;
  after: { run: number; x64: string } | null;
  diff: TargetDiff | null;
}

const before = await jaxTargets(values.before);
const after = await jaxTargets(values.after);
const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
const reports: PairReport[] = keys.map((key) => {
  const a = before.get(key);
  const b = after.get(key);
  return { key, before: a ? { run: a.run.id, x64: x64(a) } : null, after: b ? { run: b.run.id, x64: x64(b) } : null, diff: a && b ? diffTargets(a, b) : null };
});

if (values.json) {
  process.stdout.write(`${JSON.stringify(reports.map((r) => ({ ...r, diff: r.diff && { functions: r.diff.functions, cases: { stopped_passing: r.diff.cases.stopped_passing, started_passing: r.diff.cases.started_passing, category_changed: r.diff.cases.category_changed.length } } })), null, 2)}\n`);
} else {
  if (!keys.length) process.stdout.write(`no finished JAX target of ${suites.join(', ')} in either store\n`);
  for (const r of reports) {
    const side = (s: PairReport['before']) => (s ? `run ${s.run} (x64 ${s.x64})` : 'absent');
    if (!r.diff) {
      process.stdout.write(`${r.key}: before ${side(r.before)}, after ${side(r.after)}: nothing to compare\n`);
      continue;
    }
    const f = r.diff.functions;
    const changes = [...f.stopped_passing, ...f.started_passing, ...f.changed];
    process.stdout.write(`${r.key}: before ${side(r.before)} → after ${side(r.after)}: ${changes.length} function verdict(s) changed (${f.stopped_passing.length} stopped passing, ${f.started_passing.length} started passing, ${f.changed.length} other), ${f.new.length} new, ${f.vanished.length} vanished\n`);
    const byFunction = new Map<string, string[]>();
    for (const c of [...r.diff.cases.stopped_passing, ...r.diff.cases.started_passing]) byFunction.set(c.function, [...(byFunction.get(c.function) ?? []), `${c.case}: ${c.from} → ${c.to}${c.error ? ` (${c.error.slice(0, 100)})` : ''}`]);
    for (const c of changes) {
      const cases = byFunction.get(c.function) ?? [];
      process.stdout.write(`  ${c.function}: ${c.from} → ${c.to}\n`);
      for (const line of cases.slice(0, maxCases)) process.stdout.write(`      ${line}\n`);
      if (cases.length > maxCases) process.stdout.write(`      … ${cases.length - maxCases} more case(s) (--cases N, or --json)\n`);
    }
    for (const fn of f.new) process.stdout.write(`  ${fn}: new (only after)\n`);
    for (const fn of f.vanished) process.stdout.write(`  ${fn}: vanished (only before)\n`);
  }
}
