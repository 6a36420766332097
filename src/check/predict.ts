import type { CaseWithResult } from '../store/store.js';
import type { FunctionTrace } from '../trace/store.js';
import { appliesAnywhere, type Evidence } from './evidence.js';
import { evidenceKind, originLabel, type CheckTarget, type EvidenceKind } from './targets.js';

/**
 * Evidence lifted from operators: what a function's operators say about a target where the
 * function has no result of its own. It sees the target's results (with the ops each case
 * recorded, results.ops) and the functions' traces (function_ops, `trace-api`); it does not
 * decide which level wins (./join.ts) nor how a verdict reads (./document.ts).
 *
 * The rule, per operator on a target (kept simple on purpose):
 * - it **runs** there where a case of the target that recorded it passed (measured, or
 *   compiled for a compile-only target), or the target's kernel registry has it (a case
 *   named for the op passes: registered);
 * - it **fails** there where a case that recorded it failed as not_implemented and either the
 *   error names the op (`aten::cumsum`, `cumsum`, `"cumsum_cpu"`, `'Sum'`), or the op is the
 *   only one of the failing case's ops that no passing case of the target recorded; or where
 *   the registry lacks it (registered);
 * - measured and compiled op evidence wins over the registry's; an op with passing and failing
 *   cases fails partly; an overload without cases of its own takes its packet's
 *   (`aten::arange` ← the cases of `aten::arange.start_step`).
 * Cases the framework declares nowhere (a dtype the op rejects on the reference CPU too) are
 * left out, as for measured verdicts (./evidence.ts).
 * A function is never predicted from its own cases (so a prediction can be scored against them).
 * A function's prediction: it fails where one of its ops fails (naming it), fails partly where
 * one fails partly, runs where every op runs, and is not predicted while an op has no evidence.
 * A function whose trace dispatched no operator does no device work.
 */

export type OpStatus = 'runs' | 'fails' | 'fails_partly';

export interface OpEvidence {
  op: string;
  status: OpStatus;
  kind: EvidenceKind;
  /** A case that recorded it and passed, and one that failed because of it (with its error). */
  passed?: { case: string; function: string; run: number };
  failed?: { case: string; function: string; run: number; error: string };
  runs: number[];
  origins: string[];
}

export interface Prediction {
  status: 'runs' | 'fails' | 'fails_partly' | null;
  /** The operators it rests on, and those without evidence on the target. */
  ops: OpEvidence[];
  unknown: string[];
  /** Where the ops came from: the function's trace (`trace-api`), its own cases on other targets, or a model's recorded op set (src/models). */
  source: 'trace' | 'cases' | 'model';
}

const NOT_IMPLEMENTED = new Set(['not_implemented']);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether an error text names an operator: its full name or its name without overload, as a word, or its bare name (4+ characters, a leading `_` and a `_cpu`-like suffix allowed). */
export function namesOp(error: string, op: string): boolean {
  const word = (s: string) => new RegExp(`(?<![\\w:])${escape(s)}(?![\\w])`).test(error);
  if (word(op) || word(op.split('.')[0])) return true;
  const bare = op.replace(/^\w+::/, '').split('.')[0].replace(/^_+/, '');
  return bare.length >= 4 && new RegExp(`(?<![A-Za-z0-9])_?${escape(bare)}(?:_[a-z0-9]+)?(?![A-Za-z0-9])`).test(error);
}

function opsOf(c: CaseWithResult): string[] | null {
  if (!c.result?.ops) return null;
  try {
    return JSON.parse(c.result.ops) as string[];
  } catch {
    return null;
  }
}

interface OpTally {
  passed: Array<{ c: CaseWithResult; run: number }>;
  failed: Array<{ c: CaseWithResult; run: number }>;
}

/** Per-op evidence of one target, built once. */
class TargetOps {
  private measured = new Map<string, Map<string, OpTally>>(); // kind (measured|compiled) → op → tally
  private registry = new Map<string, { c: CaseWithResult; run: number; origin: string }>();
  private origins = new Map<number, string>();

  constructor(t: CheckTarget) {
    const seenPassing = new Map<string, Set<string>>(); // kind → every op a passing case of the target recorded
    const failing: Array<{ kind: string; c: CaseWithResult; ops: string[]; run: number }> = [];
    for (const m of t.members) {
      const kind = evidenceKind(m.run.origin, m.id.mode);
      this.origins.set(m.run.id, originLabel(m.run.origin));
      if (kind === 'registered') {
        for (const list of m.functions.values()) for (const c of list) if (c.result) this.registry.set(c.name.split('[')[0], { c, run: m.run.id, origin: m.run.origin });
        continue;
      }
      if (kind !== 'measured' && kind !== 'compiled') continue;
      const byOp = this.measured.get(kind) ?? new Map<string, OpTally>();
      this.measured.set(kind, byOp);
      const passing = seenPassing.get(kind) ?? new Set<string>();
      seenPassing.set(kind, passing);
      for (const list of m.functions.values()) {
        for (const c of list) {
          const ops = opsOf(c);
          if (!ops || !c.result || !appliesAnywhere(c)) continue;
          if (c.result.outcome === 'pass') {
            for (const op of ops) passing.add(op);
            for (const op of ops) for (const key of keys(op)) tally(byOp, key).passed.push({ c, run: m.run.id });
          } else if (c.result.outcome === 'fail' && NOT_IMPLEMENTED.has(c.result.category ?? '')) failing.push({ kind, c, ops, run: m.run.id });
        }
      }
    }
    for (const { kind, c, ops, run } of failing) {
      const error = c.result?.error_message ?? '';
      let blamed = ops.filter((op) => namesOp(error, op));
      if (!blamed.length) {
        const lacking = ops.filter((op) => !seenPassing.get(kind)!.has(op));
        if (lacking.length === 1) blamed = lacking;
      }
      for (const op of blamed) for (const key of keys(op)) tally(this.measured.get(kind)!, key).failed.push({ c, run });
    }
  }

  /** What the target's results say of one operator, leaving out the cases of `except` (a function is never predicted from its own cases). */
  evidence(op: string, except: string): OpEvidence | null {
    for (const kind of ['measured', 'compiled'] as const) {
      const byOp = this.measured.get(kind);
      const own = byOp?.get(op);
      const all = own && (own.passed.some((x) => x.c.function !== except) || own.failed.some((x) => x.c.function !== except)) ? own : byOp?.get(packetKey(op));
      const t = all && { passed: all.passed.filter((x) => x.c.function !== except), failed: all.failed.filter((x) => x.c.function !== except) };
      if (!t || (!t.passed.length && !t.failed.length)) continue;
      const runs = [...new Set([...t.passed, ...t.failed].map((x) => x.run))].sort((a, b) => a - b);
      const status: OpStatus = t.failed.length ? (t.passed.length ? 'fails_partly' : 'fails') : 'runs';
      const p = t.passed[0];
      const f = t.failed[0];
      return {
        op,
        status,
        kind,
        ...(p ? { passed: { case: p.c.name, function: p.c.function, run: p.run } } : {}),
        ...(f ? { failed: { case: f.c.name, function: f.c.function, run: f.run, error: (f.c.result?.error_message ?? '').split('\n')[0] } } : {}),
        runs,
        origins: [...new Set(runs.map((r) => this.origins.get(r)!))],
      };
    }
    const r = this.registry.get(op);
    if (!r?.c.result) return null;
    const ok = r.c.result.outcome === 'pass';
    const ref = { case: r.c.name, function: r.c.function, run: r.run };
    return { op, status: ok ? 'runs' : 'fails', kind: 'registered', ...(ok ? { passed: ref } : { failed: { ...ref, error: (r.c.result.error_message ?? '').split('\n')[0] } }), runs: [r.run], origins: [originLabel(r.origin)] };
  }
}

/** An overload's packet (`aten::add.Tensor` → `aten::add`), the key an overload without evidence of its own falls back to. */
const packetKey = (op: string) => `packet ${op.split('.')[0]}`;
const keys = (op: string) => [op, packetKey(op)];

function tally(m: Map<string, OpTally>, op: string): OpTally {
  let t = m.get(op);
  if (!t) m.set(op, (t = { passed: [], failed: [] }));
  return t;
}

/** Predictions for the functions of a check, per target; traces by framework. */
export class Predictor {
  private perTarget = new Map<string, TargetOps>();
  private caseOps = new Map<string, Set<string>>(); // framework\tfunction → ops its passing cases recorded anywhere

  constructor(
    targets: CheckTarget[],
    private traces: Map<string, Map<string, FunctionTrace>>,
  ) {
    for (const t of targets) {
      for (const m of t.members) {
        for (const [fn, list] of m.functions) {
          for (const c of list) {
            const ops = c.result?.outcome === 'pass' ? opsOf(c) : null;
            if (!ops?.length) continue;
            const key = `${t.id.framework}\t${fn}`;
            const set = this.caseOps.get(key) ?? new Set<string>();
            for (const op of ops) set.add(op);
            this.caseOps.set(key, set);
          }
        }
      }
    }
  }

  /** The function's trace, when it was traced and could be called. */
  trace(framework: string, fn: string): FunctionTrace | null {
    const t = this.traced(framework, fn);
    return t && t.ops ? t : null;
  }

  /** The function's trace as stored, also one whose every candidate call failed (with its error). */
  traced(framework: string, fn: string): FunctionTrace | null {
    return this.traces.get(framework)?.get(fn) ?? null;
  }

  /** What the function's operators say about the target; null when nothing is known of its operators. */
  predict(t: CheckTarget, fn: string): Prediction | null {
    const trace = this.trace(t.id.framework, fn);
    let ops: string[] | null = trace?.ops?.length ? trace.ops : null;
    let source: Prediction['source'] = 'trace';
    if (!ops) {
      const fromCases = this.caseOps.get(`${t.id.framework}\t${fn}`);
      if (!fromCases?.size) return null;
      ops = [...fromCases].sort();
      source = 'cases';
    }
    return this.predictOps(t, ops, fn, source);
  }

  /**
   * What a given operator set says about the target, leaving out the cases of function
   * `except` (a model's op set of one workload, src/models/verdicts.ts, is predicted here too).
   */
  predictOps(t: CheckTarget, ops: string[], except: string, source: Prediction['source']): Prediction {
    let index = this.perTarget.get(t.label);
    if (!index) this.perTarget.set(t.label, (index = new TargetOps(t)));
    const known: OpEvidence[] = [];
    const unknown: string[] = [];
    for (const op of ops) {
      const e = index.evidence(op, except);
      if (e) known.push(e);
      else unknown.push(op);
    }
    const status = known.some((e) => e.status === 'fails') ? 'fails' : known.some((e) => e.status === 'fails_partly') ? 'fails_partly' : unknown.length ? null : 'runs';
    return { status, ops: known, unknown, source };
  }
}

/** A prediction as evidence for a verdict (kind `predicted`), when it decides. */
export function predictedEvidence(p: Prediction): Evidence | null {
  if (!p.status) return null;
  const blocking = p.ops.filter((e) => e.status !== 'runs');
  const runs = [...new Set(p.ops.flatMap((e) => e.runs))].sort((a, b) => a - b);
  const failures = blocking.map((e) => ({ category: 'not_implemented', cases: 1, of: 1, dtypes: [], example: { case: e.failed!.case, error: e.failed!.error } }));
  return {
    status: p.status,
    kind: 'predicted',
    runs,
    origins: [...new Set(p.ops.flatMap((e) => e.origins))],
    cases: { passed: p.ops.length - blocking.length, failed: blocking.length },
    failures,
  };
}

/** Evidence that the function does no device work (its trace dispatched no operator). */
export function noDeviceWorkEvidence(): Evidence {
  return { status: 'runs', kind: 'no_device_work', runs: [], origins: ['trace-api'], cases: { passed: 0, failed: 0 }, failures: [] };
}

/** How a prediction reads: `predicted to run on T: dispatches aten::addmm, aten::t (measured there)`. */
export function predictionText(target: string, p: Prediction): string {
  if (p.status === 'fails' || p.status === 'fails_partly') {
    const bad = p.ops.filter((e) => e.status !== 'runs');
    const why = bad.map((e) => `${e.op} ${e.status === 'fails' ? 'has no kernel there' : 'fails there for some inputs'} (${e.kind}: case ${e.failed!.case} of ${e.failed!.function}, run ${e.failed!.run}: ${JSON.stringify(e.failed!.error.slice(0, 120))})`);
    return `predicted to ${p.status === 'fails' ? 'fail' : 'fail partly'} on ${target}: ${why.join('; ')}`;
  }
  if (p.status === 'runs') {
    const kinds = [...new Set(p.ops.map((e) => e.kind))].join(', ');
    return `predicted to run on ${target}: dispatches ${p.ops.map((e) => e.op).join(', ')} (${kinds} there)`;
  }
  return `not predicted on ${target}: no evidence there for ${p.unknown.join(', ')}`;
}
