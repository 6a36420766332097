import type { Dataset, TargetData } from '../analysis/dataset.js';
import { namesOp, Predictor, type Prediction } from '../check/predict.js';
import { evidenceKind, isStaticKind, type CheckTarget } from '../check/targets.js';
import { isFailure } from '../model/outcome.js';
import type { CaseWithResult } from '../store/store.js';
import { deviceOps, modelCase, modelDiff, modelName, ModelOpSets, type ModelCaseInfo, type ModelDiff } from './cases.js';

/**
 * "Will my model run there?": per model × workload × target, the measured verdict (its case
 * ran there) and the predicted one (its operator set, ./cases.ts, joined with the per-operator
 * evidence of the target by src/check/predict.ts — the one home of prediction: OpInfo and
 * other cases re-keyed by the ops they recorded, compiled results, a registry read by
 * `coverage`), scored where both exist. It does not render (./tables.ts) nor scan code
 * (./scan.ts).
 */

export type ModelStatus = 'runs' | 'fails' | 'fails_partly';

export interface MeasuredModel {
  status: 'runs' | 'fails' | null;
  outcome: string;
  category: string | null;
  case: string;
  run: number;
  error: string | null;
  /** Not-implemented failures: the recorded operators the error names (or the operator it says it could not run). */
  blocking: string[];
  diff: ModelDiff | null;
  median_ms: number | null;
  /** The first call's time: in a compiled mode it holds the compilation (cold − median ≈ compile time). */
  cold_ms: number | null;
  duration_ms: number | null;
}

export interface PredictedModel {
  status: ModelStatus | null;
  /** Operators that fail there, with the evidence each rests on. */
  blocking: Array<{ op: string; status: string; kind: string; case: string; function: string; run: number; error: string }>;
  /** Operators with no evidence there (the prediction waits on them). */
  unknown: string[];
  /** Operators in the set and the evidence kinds the verdict rests on. */
  ops: number;
  kinds: string[];
  /** Kernels the CPU picked for a composite (`…_for_cpu`; MultiheadAttention's fused fast path off CPU and CUDA), left out off the CPU: that device dispatches its own variant, which the CPU's op set cannot name. */
  cpu_picks?: string[];
}

const CPU_PICK = /_for_cpu(?:_backward)?(?:\.|$)/;
/**
 * Fused kernels that `nn.MultiheadAttention` and `nn.TransformerEncoderLayer` take only on
 * the CPU, CUDA and a PrivateUse1 backend (their fast path's device check, eval and no grad):
 * elsewhere (MPS, XPU) the module takes its slow path, whose operators the CPU's set does not hold.
 */
const FAST_PATH = /^aten::(?:_native_multi_head_attention|_transformer_encoder_layer_fwd)(?:\.|$)/;
const FAST_PATH_DEVICES = new Set(['cpu', 'cuda']);

/** Whether the CPU's op set names a kernel that device `device` would not dispatch for the same code. */
function cpuPick(op: string, device: string): boolean {
  return device !== 'cpu' && (CPU_PICK.test(op) || (!FAST_PATH_DEVICES.has(device) && FAST_PATH.test(op)));
}

export interface ModelVerdict {
  library: string;
  model: string;
  function: string;
  framework: string;
  workload: string;
  target: string;
  device: string;
  mode: string;
  hardware: string | null;
  measured: MeasuredModel | null;
  predicted: PredictedModel | null;
  /** Both exist and the prediction decides: whether it says what was measured (runs, or not). */
  agrees: boolean | null;
}

/** PyTorch's missing-kernel message names the operator: `Could not run 'aten::convolution' with arguments from the 'MPS' backend`. */
const COULD_NOT_RUN = /Could not run '([\w:.]+)'/;

function blockingOf(c: CaseWithResult): string[] {
  const r = c.result;
  if (!r || r.category !== 'not_implemented') return [];
  const error = r.error_message ?? '';
  const named = (deviceOps(r.ops) ?? []).filter((op) => namesOp(error, op));
  if (named.length) return named;
  const m = COULD_NOT_RUN.exec(error);
  return m ? [m[1]] : [];
}

function measured(c: CaseWithResult, run: number): MeasuredModel | null {
  const r = c.result;
  if (!r) return null;
  const status = r.outcome === 'pass' ? 'runs' : isFailure(r.outcome) ? 'fails' : null;
  return {
    status,
    outcome: r.outcome,
    category: r.category ?? null,
    case: c.name,
    run,
    error: r.error_message ? r.error_message.split('\n')[0] : null,
    blocking: blockingOf(c),
    diff: modelDiff(r.analysis),
    median_ms: r.median_ms ?? null,
    cold_ms: r.cold_ms ?? null,
    duration_ms: r.duration_ms ?? null,
  };
}

function predicted(p: Prediction): PredictedModel {
  return {
    status: p.status,
    blocking: p.ops
      .filter((e) => e.status !== 'runs')
      .map((e) => ({ op: e.op, status: e.status, kind: e.kind, case: e.failed!.case, function: e.failed!.function, run: e.failed!.run, error: e.failed!.error })),
    unknown: p.unknown,
    ops: p.ops.length + p.unknown.length,
    kinds: [...new Set(p.ops.map((e) => e.kind))],
  };
}

/**
 * Every target of a dataset as a check target of its own (one per run's target: a run with
 * PORTABENCH_MODELS_FAIL_OP is a target apart from a clean run of the same device), with the
 * device's static coverage joined to it; a device with static coverage only is a target of its own.
 */
export function modelTargets(ds: Dataset): CheckTarget[] {
  const isStatic = (d: TargetData) => isStaticKind(evidenceKind(d.run.origin));
  const same = (a: TargetData, b: TargetData) => a.id.framework === b.id.framework && a.id.device === b.id.device;
  const out: CheckTarget[] = [];
  for (const d of ds.targets) {
    if (isStatic(d)) {
      if (!ds.targets.some((o) => !isStatic(o) && same(o, d))) out.push({ label: d.label, id: d.id, pattern: d.label, members: [d] });
      continue;
    }
    out.push({ label: d.label, id: d.id, pattern: d.label, members: [d, ...ds.targets.filter((o) => isStatic(o) && same(o, d))] });
  }
  return out;
}

/** The model cases of a target's measured members, by `function\tworkload`. */
function measuredCases(t: CheckTarget): Map<string, { info: ModelCaseInfo; c: CaseWithResult; run: number }> {
  const out = new Map<string, { info: ModelCaseInfo; c: CaseWithResult; run: number }>();
  for (const m of t.members) {
    if (isStaticKind(evidenceKind(m.run.origin))) continue;
    for (const list of m.functions.values()) {
      for (const c of list) {
        const info = modelCase(c, t.id.framework);
        if (info) out.set(`${info.function}\t${info.workload}`, { info, c, run: m.run.id });
      }
    }
  }
  return out;
}

/** The models a dataset knows (any model case anywhere), by `framework\tfunction\tworkload`. */
export function knownModels(ds: Dataset): ModelCaseInfo[] {
  const out = new Map<string, ModelCaseInfo>();
  for (const d of ds.targets) {
    for (const list of d.functions.values()) {
      for (const c of list) {
        const info = modelCase(c, d.id.framework);
        if (info) out.set(`${info.framework}\t${info.function}\t${info.workload}`, info);
      }
    }
  }
  return [...out.values()].sort((a, b) => modelName(a).localeCompare(modelName(b)) || a.workload.localeCompare(b.workload));
}

/**
 * The dtype a model's operators run at: the suite builds every model in float32 (a language
 * model's token ids are integers, its activations float32). Per-operator evidence at that dtype
 * decides first (an int8 convolution failing on a TPU does not block a float32 network), all of
 * an operator's evidence where none is at that dtype.
 */
const MODEL_DTYPES = ['float32'];

/** Model verdicts on the given targets, measured where the model ran there and predicted from its op set. */
export class ModelVerdicts {
  private predictor: Predictor;
  private byTarget = new Map<string, ReturnType<typeof measuredCases>>();

  constructor(
    readonly targets: CheckTarget[],
    private opSets: ModelOpSets,
  ) {
    this.predictor = new Predictor(targets, new Map());
  }

  verdict(t: CheckTarget, info: ModelCaseInfo): ModelVerdict {
    let cases = this.byTarget.get(t.label);
    if (!cases) this.byTarget.set(t.label, (cases = measuredCases(t)));
    const own = cases.get(`${info.function}\t${info.workload}`);
    const m = own ? measured(own.c, own.run) : null;
    const all = this.opSets.get(t.id.framework, info.function, info.workload);
    // the CPU's own pick of a composite (SDPA's _scaled_dot_product_flash_attention_for_cpu): another device picks its own variant
    const ops = all?.filter((op) => !cpuPick(op, t.id.device));
    const p = ops ? { ...predicted(this.predictor.predictOps(t, ops, info.function, 'model', MODEL_DTYPES)), cpu_picks: all!.filter((op) => !ops.includes(op)) } : null;
    const agrees = m?.status && p?.status ? (m.status === 'runs') === (p.status === 'runs') : null;
    return { library: info.library, model: info.model, function: info.function, framework: info.framework, workload: info.workload, target: t.label, device: t.id.device, mode: t.id.mode, hardware: t.id.hardware ?? null, measured: m, predicted: p, agrees };
  }

  /** Every known model × workload on every target of its framework. */
  all(models: ModelCaseInfo[]): ModelVerdict[] {
    return this.targets.flatMap((t) => models.filter((m) => m.framework === t.id.framework).map((m) => this.verdict(t, m)));
  }
}

/** The model verdicts of a dataset: its own targets, op sets from its own model cases. */
export function datasetModelVerdicts(ds: Dataset): ModelVerdict[] {
  return new ModelVerdicts(modelTargets(ds), ModelOpSets.fromDataset(ds)).all(knownModels(ds));
}

/** A verdict's status: measured where it ran, else predicted; null when neither decides. */
export function finalStatus(v: ModelVerdict): { status: ModelStatus | null; level: 'measured' | 'predicted' | 'none' } {
  if (v.measured?.status) return { status: v.measured.status, level: 'measured' };
  if (v.predicted?.status) return { status: v.predicted.status, level: 'predicted' };
  return { status: null, level: 'none' };
}

/** The operators that block it: measured ones where it failed there, else the predicted ones. */
export function blockingOps(v: ModelVerdict): string[] {
  if (v.measured?.status === 'fails') return v.measured.blocking;
  if (v.measured?.status === 'runs') return [];
  return v.predicted?.blocking.map((b) => b.op) ?? [];
}

/** One line: `predicted to fail on pytorch/mps/static@…: aten::convolution has no kernel there (registered: …)`. */
export function modelVerdictText(v: ModelVerdict): string {
  const m = v.measured;
  const p = v.predicted;
  const diff = m?.diff?.max_abs_diff != null ? `, max |Δ| ${m.diff.max_abs_diff.toExponential(2)} from CPU eager` : '';
  let s: string;
  if (m?.status === 'runs') s = `runs on ${v.target} (measured, run ${m.run}${diff})`;
  else if (m?.status === 'fails') s = `fails on ${v.target} (measured, run ${m.run}: ${m.category ?? m.outcome}${m.blocking.length ? `, blocked by ${m.blocking.join(', ')}` : ''}: ${JSON.stringify((m.error ?? '').slice(0, 100))}${diff})`;
  else if (p?.status === 'runs') s = `predicted to run on ${v.target}: all ${p.ops} operators run there (${p.kinds.join(', ')})`;
  else if (p?.status) s = `predicted to ${p.status === 'fails' ? 'fail' : 'fail partly'} on ${v.target}: ${p.blocking.map((b) => `${b.op} ${b.status === 'fails' ? 'has no kernel there' : 'fails there for some inputs'} (${b.kind}: case ${b.case}, run ${b.run})`).join('; ')}`;
  else if (p) s = `not predicted on ${v.target}: no evidence there for ${p.unknown.length} of its ${p.ops} operators (${p.unknown.slice(0, 4).join(', ')}${p.unknown.length > 4 ? ', …' : ''})`;
  else s = `no data on ${v.target} (no result there, and no recorded operator set: run the models suite with --record-ops)`;
  if (!m?.status && p?.cpu_picks?.length) s += ` (the CPU's own ${p.cpu_picks.join(', ')} left out: ${v.device} dispatches its own variant)`;
  if ((m?.status === 'runs' || m?.status === 'fails') && p?.status) s += `; predicted ${p.status.replace('_', ' ')}${v.agrees ? ' (agrees)' : ' (disagrees)'}`;
  return s;
}

/** Agreement per target: scored predictions, how many agree, those that do not. */
export function agreement(verdicts: ModelVerdict[]): Array<{ target: string; scored: number; agree: number; disagree: string[] }> {
  const out = new Map<string, { target: string; scored: number; agree: number; disagree: string[] }>();
  for (const v of verdicts) {
    if (v.agrees === null) continue;
    const a = out.get(v.target) ?? { target: v.target, scored: 0, agree: 0, disagree: [] };
    out.set(v.target, a);
    a.scored++;
    if (v.agrees) a.agree++;
    else a.disagree.push(`${modelName(v)}[${v.workload}]: measured ${v.measured!.status}, predicted ${v.predicted!.status}`);
  }
  return [...out.values()];
}
