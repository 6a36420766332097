import type { CaseWithResult } from '../store/store.js';
import type { FunctionTrace } from '../trace/store.js';
import { appliesAnywhere, soleDtype, type Evidence } from './evidence.js';
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
 * - a function traced with arrays of one dtype (trace-api's inputs are float32, or float64) is
 *   predicted for that dtype, one whose ops come from its cases for their dtypes: an op's
 *   evidence comes from the cases naming those dtypes where there are any (a `MatMul` failing
 *   for uint8 does not make a float32 `Dense` fail), else from all; its score compares with the
 *   function's measured cases of those dtypes (./join.ts).
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
  /** The dtypes the prediction is for: the one the trace's arrays had, or those of the cases whose ops it took (empty: any). */
  dtypes: string[];
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
            for (const op of ops) for (const key of keys(op, soleDtype(c.name))) tally(byOp, key).passed.push({ c, run: m.run.id });
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
      for (const op of blamed) for (const key of keys(op, soleDtype(c.name))) tally(this.measured.get(kind)!, key).failed.push({ c, run });
    }
  }

  /** What the target's results say of one operator (at the cases of `dtypes` where there are any), leaving out the cases of `except` (a function is never predicted from its own cases). */
  evidence(op: string, except: string, dtypes: string[]): OpEvidence | null {
    for (const kind of ['measured', 'compiled'] as const) {
      const byOp = this.measured.get(kind);
      const others = (x: OpTally | undefined) => x && { passed: x.passed.filter((y) => y.c.function !== except), failed: x.failed.filter((y) => y.c.function !== except) };
      const decides = (x: OpTally | undefined) => !!x && (x.passed.length > 0 || x.failed.length > 0);
      const at = (key: string) => merged(dtypes.map((d) => byOp?.get(dtypeKey(d, key))));
      const order = [...(dtypes.length ? [at(op), at(packetKey(op))] : []), byOp?.get(op), byOp?.get(packetKey(op))];
      const t = order.map(others).find(decides);
      if (!t) continue;
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
const dtypeKey = (dtype: string, key: string) => `${dtype} ${key}`;
/** The tallies a case's op lands in: the op, its packet, and both at the case's one dtype. */
const keys = (op: string, dtype: string | null) => [op, packetKey(op), ...(dtype ? [dtypeKey(dtype, op), dtypeKey(dtype, packetKey(op))] : [])];

/** Several tallies as one (undefined when none exists). */
function merged(list: Array<OpTally | undefined>): OpTally | undefined {
  const got = list.filter((x): x is OpTally => !!x);
  return got.length ? { passed: got.flatMap((x) => x.passed), failed: got.flatMap((x) => x.failed) } : undefined;
}

function tally(m: Map<string, OpTally>, op: string): OpTally {
  let t = m.get(op);
  if (!t) m.set(op, (t = { passed: [], failed: [] }));
  return t;
}

/** Predictions for the functions of a check, per target; traces by framework. */
export class Predictor {
  private perTarget = new Map<string, TargetOps>();
  private caseOps = new Map<string, { ops: Set<string>; dtypes: Set<string> }>(); // framework\tfunction → ops its passing cases recorded anywhere, and their dtypes

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
            const seen = this.caseOps.get(key) ?? { ops: new Set<string>(), dtypes: new Set<string>() };
            for (const op of ops) seen.ops.add(op);
            const dtype = soleDtype(c.name);
            if (dtype) seen.dtypes.add(dtype);
            this.caseOps.set(key, seen);
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
    const traced = trace?.calledAs ? soleDtype(trace.calledAs) : null;
    let dtypes: string[] = traced ? [traced] : [];
    if (!ops) {
      const fromCases = this.caseOps.get(`${t.id.framework}\t${fn}`);
      if (!fromCases?.ops.size) return null;
      ops = [...fromCases.ops].sort();
      dtypes = [...fromCases.dtypes].sort();
      source = 'cases';
    }
    return this.predictOps(t, ops, fn, source, dtypes);
  }

  /**
   * What a given operator set says about the target, leaving out the cases of function
   * `except` (a model's op set of one workload, src/models/verdicts.ts, is predicted here too).
   */
  predictOps(t: CheckTarget, ops: string[], except: string, source: Prediction['source'], dtypes: string[] = []): Prediction {
    let index = this.perTarget.get(t.label);
    if (!index) this.perTarget.set(t.label, (index = new TargetOps(t)));
    const known: OpEvidence[] = [];
    const unknown: string[] = [];
    for (const op of ops) {
      const e = index.evidence(op, except, dtypes);
      if (e) known.push(e);
      else unknown.push(op);
    }
    const status = known.some((e) => e.status === 'fails') ? 'fails' : known.some((e) => e.status === 'fails_partly') ? 'fails_partly' : unknown.length ? null : 'runs';
    return { status, ops: known, unknown, source, dtypes };
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

const at = (p: Prediction) => (!p.dtypes.length ? '' : p.source === 'trace' ? ` (${p.dtypes[0]}, as traced)` : ` (${p.dtypes.join(', ')}, as its cases)`);

/** How a prediction reads: `predicted to run on T: dispatches aten::addmm, aten::t (measured there)`. */
export function predictionText(target: string, p: Prediction): string {
  if (p.status === 'fails' || p.status === 'fails_partly') {
    const bad = p.ops.filter((e) => e.status !== 'runs');
    const why = bad.map((e) => `${e.op} ${e.status === 'fails' ? 'has no kernel there' : 'fails there for some inputs'} (${e.kind}: case ${e.failed!.case} of ${e.failed!.function}, run ${e.failed!.run}: ${JSON.stringify(e.failed!.error.slice(0, 120))})`);
    return `predicted to ${p.status === 'fails' ? 'fail' : 'fail partly'} on ${target}${at(p)}: ${why.join('; ')}`;
  }
  if (p.status === 'runs') {
    const kinds = [...new Set(p.ops.map((e) => e.kind))].join(', ');
    return `predicted to run on ${target}${at(p)}: dispatches ${p.ops.map((e) => e.op).join(', ')} (${kinds} there)`;
  }
  return `not predicted on ${target}: no evidence there for ${p.unknown.join(', ')}`;
}
