import type { Dataset } from '../analysis/dataset.js';
import { mean } from '../analysis/stats.js';
import type { Grid } from '../report/grids.js';
import { modelName } from './cases.js';
import { agreement, blockingOps, datasetModelVerdicts, finalStatus, type ModelVerdict } from './verdicts.js';

/**
 * The models tables of a report: per library × target (its mode in its label) models passing
 * n/N, measured and predicted; per model and target its status per workload, blocking
 * operators, difference from CPU eager and latency; per operator how many models it blocks
 * on each target. Plain records (JSON, HTML) and grids (text, Markdown) through the report's
 * renderer registry. Verdicts come from ./verdicts.ts; drawing is src/report's.
 */

type Cell = string | number | null;
export type ModelRecord = Record<string, Cell>;

export interface ModelTables {
  /** Per library × target: measured passing n/N, predicted passing n/N, predictions scored and agreeing. */
  summary: ModelRecord[];
  /** Per model × target. */
  models: ModelRecord[];
  /** Per operator × target: the models it blocks (measured or predicted). */
  operators: ModelRecord[];
  /** Per compiled target × library × workload: speedup over eager on the same device and hardware, compile time. */
  compiled: ModelRecord[];
  verdicts: ModelVerdict[];
}

const fmtDiff = (x: number | null | undefined) => (x == null ? null : Number(x.toPrecision(3)));

function statusCell(v: ModelVerdict | undefined): string {
  if (!v) return '–';
  const f = finalStatus(v);
  if (!f.status) return v.measured ? v.measured.outcome : 'no data';
  return `${f.status.replace('_', ' ')}${f.level === 'predicted' ? ' (predicted)' : ''}`;
}

export function modelTables(verdicts: ModelVerdict[]): ModelTables {
  const summary = new Map<string, { library: string; target: string; measured: number; measured_pass: number; predicted: number; predicted_pass: number; scored: number; agree: number }>();
  const perModel = new Map<string, ModelVerdict[]>();
  const blocks = new Map<string, { op: string; target: string; models: Set<string> }>();
  for (const v of verdicts) {
    const key = `${v.library}\t${v.target}`;
    const s = summary.get(key) ?? { library: v.library, target: v.target, measured: 0, measured_pass: 0, predicted: 0, predicted_pass: 0, scored: 0, agree: 0 };
    summary.set(key, s);
    if (v.measured?.status) {
      s.measured++;
      if (v.measured.status === 'runs') s.measured_pass++;
    }
    if (v.predicted?.status) {
      s.predicted++;
      if (v.predicted.status === 'runs') s.predicted_pass++;
    }
    if (v.agrees !== null) {
      s.scored++;
      if (v.agrees) s.agree++;
    }
    const mk = `${modelName(v)}\t${v.target}`;
    perModel.set(mk, [...(perModel.get(mk) ?? []), v]);
    for (const op of blockingOps(v)) {
      const bk = `${op}\t${v.target}`;
      const b = blocks.get(bk) ?? { op, target: v.target, models: new Set<string>() };
      blocks.set(bk, b);
      b.models.add(modelName(v));
    }
  }
  const models = [...perModel.values()].map((vs) => {
    const w = (name: string) => vs.find((v) => v.workload === name);
    const diffOf = vs.find((v) => v.workload === 'inference' && v.measured?.diff) ?? vs.find((v) => v.measured?.diff);
    const inference = w('inference');
    return {
      model: modelName(vs[0]),
      function: vs[0].function,
      target: vs[0].target,
      inference: statusCell(inference),
      training: statusCell(w('training')),
      blocking: [...new Set(vs.flatMap(blockingOps))].join(', '),
      max_abs_diff: fmtDiff(diffOf?.measured?.diff?.max_abs_diff),
      max_rel_diff: fmtDiff(diffOf?.measured?.diff?.max_rel_diff),
      inference_ms: inference?.measured?.median_ms != null ? Number(inference.measured.median_ms.toPrecision(3)) : null,
    };
  });
  const totals = new Map<string, number>();
  for (const m of models) totals.set(m.target as string, (totals.get(m.target as string) ?? 0) + 1);
  return {
    summary: [...summary.values()].map((s) => ({
      library: s.library,
      target: s.target,
      measured_passing: s.measured ? `${s.measured_pass}/${s.measured}` : '–',
      predicted_passing: s.predicted ? `${s.predicted_pass}/${s.predicted}` : '–',
      predictions_agree: s.scored ? `${s.agree}/${s.scored}` : '–',
    })),
    models,
    operators: [...blocks.values()]
      .map((b) => ({ operator: b.op, target: b.target, models_blocked: b.models.size, of: totals.get(b.target) ?? 0, models: [...b.models].sort().slice(0, 8).join(', ') }))
      .sort((a, b) => b.models_blocked - a.models_blocked || a.operator.localeCompare(b.operator)),
    compiled: compiledAgainstEager(verdicts),
    verdicts,
  };
}

const timed = (v: ModelVerdict) => v.measured?.status === 'runs' && v.measured.median_ms != null && v.measured.median_ms > 0;

/**
 * Per compiled (non-eager) target, library and workload: the models timed there and in eager
 * mode on the same framework, device and hardware (the latest eager run that timed the model),
 * the geometric mean of eager ÷ compiled median latency (above 1: compiled is faster), the
 * slowest and fastest model by that ratio, and the mean compile time, taken as the first call's
 * time less the median (the first call compiles).
 */
export function compiledAgainstEager(verdicts: ModelVerdict[]): ModelRecord[] {
  const key = (v: ModelVerdict) => [v.library, v.framework, v.device, v.hardware ?? '', v.function, v.workload].join('\t');
  const eager = new Map<string, ModelVerdict>();
  for (const v of verdicts) {
    if (v.mode !== 'eager' || !timed(v)) continue;
    const had = eager.get(key(v));
    if (!had || had.measured!.run < v.measured!.run) eager.set(key(v), v);
  }
  const groups = new Map<string, { library: string; workload: string; target: string; against: Set<string>; pairs: Array<{ model: string; speedup: number; compile_ms: number | null }> }>();
  for (const v of verdicts) {
    if (v.mode === 'eager' || !timed(v)) continue;
    const e = eager.get(key(v));
    if (!e) continue;
    const gk = [v.target, v.library, v.workload].join('\t');
    const g = groups.get(gk) ?? { library: v.library, workload: v.workload, target: v.target, against: new Set<string>(), pairs: [] };
    groups.set(gk, g);
    g.against.add(e.target);
    const m = v.measured!;
    g.pairs.push({ model: modelName(v), speedup: e.measured!.median_ms! / m.median_ms!, compile_ms: m.cold_ms != null ? Math.max(0, m.cold_ms - m.median_ms!) : null });
  }
  const r3 = (x: number) => Number(x.toPrecision(3));
  return [...groups.values()].map((g) => {
    const sorted = [...g.pairs].sort((a, b) => a.speedup - b.speedup);
    const compiles = g.pairs.flatMap((p) => (p.compile_ms == null ? [] : [p.compile_ms]));
    return {
      library: g.library,
      workload: g.workload,
      target: g.target,
      against: [...g.against].join(', '),
      models: g.pairs.length,
      geomean_speedup: r3(Math.exp(mean(g.pairs.map((p) => Math.log(p.speedup))))),
      slowest: `${sorted[0].model} ${r3(sorted[0].speedup)}×`,
      fastest: `${sorted[sorted.length - 1].model} ${r3(sorted[sorted.length - 1].speedup)}×`,
      mean_compile_s: compiles.length ? r3(mean(compiles) / 1e3) : null,
    };
  });
}

/** The models tables of a dataset; null when it has no models-suite case. */
export function datasetModelTables(ds: Dataset): ModelTables | null {
  const verdicts = datasetModelVerdicts(ds);
  return verdicts.length ? modelTables(verdicts) : null;
}

function grid(id: string, title: string, caption: string, rows: ModelRecord[], numeric: string[]): Grid {
  const head = rows.length ? Object.keys(rows[0]) : [];
  return { id, title, caption, head, rows: rows.map((r) => head.map((h) => (r[h] == null ? '–' : String(r[h])))), numeric: numeric.map((n) => head.indexOf(n)).filter((i) => i >= 0) };
}

export const MODEL_CAPTIONS = {
  summary: 'Per library and target (framework/device/mode@hardware): model workloads (inference, training step) that passed where they ran there (measured), and those predicted to run from their recorded operators joined with the target\'s per-operator evidence (src/check/predict.ts); predictions agree: where both exist, how often the prediction says what was measured.',
  models: 'Per model and target: each workload\'s status (measured there, else predicted), the operators that block it, the maximum absolute and relative (to the output\'s largest magnitude) difference of its output from the CPU eager reference where it was compared (compiled, or off the CPU), its inference median latency.',
  operators: 'Per operator and target: how many models it blocks (measured failures naming it, or predicted), of the models with a verdict there.',
  compiled: 'Per compiled target, library and workload: the models timed both there and in eager mode on the same framework, device and hardware (the latest eager run that timed each); geomean speedup is the geometric mean of eager ÷ compiled median latency (above 1: compiled is faster; latency at the run\'s timing level, none at --timing none); mean compile s is the first call\'s time less the median, the first call being the one that compiles (it includes one run of the model).',
};

export function modelGrids(t: ModelTables): Grid[] {
  return [
    grid('models_passing', 'Models passing', MODEL_CAPTIONS.summary, t.summary, []),
    grid('models', 'Models per target', MODEL_CAPTIONS.models, t.models, ['max_abs_diff', 'max_rel_diff', 'inference_ms']),
    ...(t.compiled.length ? [grid('models_compiled', 'Models compiled against eager', MODEL_CAPTIONS.compiled, t.compiled, ['models', 'geomean_speedup', 'mean_compile_s'])] : []),
    ...(t.operators.length ? [grid('model_blocking_operators', 'Operators blocking models', MODEL_CAPTIONS.operators, t.operators, ['models_blocked', 'of'])] : []),
  ];
}

/** One note per target with scored predictions. */
export function modelNotes(t: ModelTables): string[] {
  return agreement(t.verdicts).map((a) => `models on ${a.target}: ${a.agree} of ${a.scored} predictions agree with the measured verdict${a.disagree.length ? ` (not: ${a.disagree.slice(0, 5).join('; ')})` : ''}`);
}
