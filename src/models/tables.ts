import type { Dataset } from '../analysis/dataset.js';
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
    verdicts,
  };
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
};

export function modelGrids(t: ModelTables): Grid[] {
  return [
    grid('models_passing', 'Models passing', MODEL_CAPTIONS.summary, t.summary, []),
    grid('models', 'Models per target', MODEL_CAPTIONS.models, t.models, ['max_abs_diff', 'max_rel_diff', 'inference_ms']),
    ...(t.operators.length ? [grid('model_blocking_operators', 'Operators blocking models', MODEL_CAPTIONS.operators, t.operators, ['models_blocked', 'of'])] : []),
  ];
}

/** One note per target with scored predictions. */
export function modelNotes(t: ModelTables): string[] {
  return agreement(t.verdicts).map((a) => `models on ${a.target}: ${a.agree} of ${a.scored} predictions agree with the measured verdict${a.disagree.length ? ` (not: ${a.disagree.slice(0, 5).join('; ')})` : ''}`);
}
