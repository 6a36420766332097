import type { Dataset } from '../analysis/dataset.js';
import type { Grid } from '../report/grids.js';
import { SEVERITY, type FindingKind } from '../check/findings.js';
import type { CheckResult } from '../check/join.js';
import type { CheckTarget } from '../check/targets.js';
import { modelName, type ModelCaseInfo, type ModelOpSets } from './cases.js';
import { callBuilds, type ModelCall } from './scan.js';
import { blockingOps, finalStatus, knownModels, modelVerdictText, ModelVerdicts, type ModelVerdict } from './verdicts.js';

/**
 * `check` knows models: each call that builds a known architecture (./scan.ts) gets, per
 * checked target of its framework, the model's verdict per workload (measured there, or
 * predicted from its op set, ./verdicts.ts), next to the per-function verdicts of
 * src/check/join.ts. It does not scan framework calls nor decide their verdicts.
 */

export interface ModelSite {
  path: string;
  line: number;
  column: number;
  /** The call as resolved (`timm.create_model("resnet18")`). */
  call: string;
  /** The suite's models it builds (`timm:resnet18`); empty when the store has none of it. */
  models: string[];
  verdicts: ModelVerdict[];
  /** Why there is no verdict, when there is none. */
  note?: string;
}

/** The model sites of the scanned files, against the check's targets. */
export function checkModels(ds: Dataset, targets: CheckTarget[], opSets: ModelOpSets, calls: Map<string, ModelCall[]>): ModelSite[] {
  const known = new Map<string, ModelCaseInfo>();
  for (const m of [...knownModels(ds), ...opSets.models()]) known.set(`${m.framework}\t${m.function}\t${m.workload}`, m);
  const verdicts = new ModelVerdicts(targets, opSets);
  const out: ModelSite[] = [];
  for (const [path, list] of calls) {
    for (const call of list) {
      // a keras.applications model is a case of each framework with a Keras back end (tensorflow, jax); the others, PyTorch's
      const infos = [...known.values()].filter((m) => callBuilds(call, m));
      const mine = targets.filter((t) => infos.some((m) => m.framework === t.id.framework));
      const found = mine.flatMap((t) => infos.filter((m) => m.framework === t.id.framework).map((m) => verdicts.verdict(t, m)));
      const site: ModelSite = { path, line: call.line, column: call.column, call: call.spelt, models: [...new Set(infos.map(modelName))], verdicts: found };
      if (!infos.length) site.note = `${call.library} model "${call.name}" is not in the store: run the models suite for it (PORTABENCH_MODELS=${call.library === 'transformers' ? `transformers:<model type of ${call.name}>` : `${call.library}:${call.name}`} portabench run --suite models --record-ops)`;
      else if (!mine.length) site.note = `no --target of ${[...new Set(infos.map((m) => m.framework))].join(' or ')}`;
      out.push(site);
    }
  }
  return out;
}

/** A model verdict's findings (src/check/findings.ts' kinds): it fails, fails partly, or nothing decides (no data); none where it runs. */
export function modelFindings(v: ModelVerdict): FindingKind[] {
  const { status } = finalStatus(v);
  return status === 'runs' ? [] : [status === 'fails' ? 'fails' : status === 'fails_partly' ? 'fails-partly' : 'no-data'];
}

/** A site's findings: its verdicts', or one no-data finding where the store has none of its model. */
export function siteFindings(s: ModelSite): Array<{ verdict: ModelVerdict | null; kind: FindingKind }> {
  if (!s.verdicts.length) return s.models.length ? [] : [{ verdict: null, kind: 'no-data' }];
  return s.verdicts.flatMap((v) => modelFindings(v).map((kind) => ({ verdict: v, kind })));
}

/**
 * The model sites put into a check result: `models`, their findings counted in
 * `summary.model_findings`, and `summary.worst` raised by them, so `--fail-on` and SARIF see
 * a model that fails (measured or predicted) as they see a function that fails.
 */
export function addModelSites(result: CheckResult, sites: ModelSite[]): void {
  if (!sites.length) return;
  result.models = sites;
  const findings: Record<FindingKind, number> = { fails: 0, 'fails-partly': 0, slower: 0, 'no-data': 0 };
  for (const s of sites) for (const f of siteFindings(s)) {
    findings[f.kind]++;
    result.summary.worst = Math.max(result.summary.worst, SEVERITY[f.kind]);
  }
  result.summary.model_findings = findings;
}

/** Linter lines: `path:line:col  timm.create_model("resnet18") [inference]  predicted to fail on T: …`. */
export function modelSiteLines(sites: ModelSite[], path: string): string[] {
  return sites
    .filter((s) => s.path === path)
    .flatMap((s) => (s.verdicts.length ? s.verdicts.map((v) => `${s.path}:${s.line}:${s.column}  ${s.call} [${v.workload}]  ${modelVerdictText(v)}`) : [`${s.path}:${s.line}:${s.column}  ${s.call}  ${s.note ?? 'no verdict'}`]));
}

/** Markdown/text grid: one row per model site × target × workload. */
export function modelSitesGrid(sites: ModelSite[]): Grid {
  return {
    id: 'check_models',
    title: 'Models your code builds',
    caption: 'Per call that builds a known architecture: its verdict per target and workload, measured there or predicted from the operators it dispatches (the models suite\'s recorded op set joined with per-operator evidence).',
    head: ['where', 'call', 'model', 'workload', 'target', 'status', 'level', 'blocking operators'],
    rows: sites.flatMap((s) =>
      s.verdicts.length
        ? s.verdicts.map((v) => {
            const f = finalStatus(v);
            return [`${s.path}:${s.line}:${s.column}`, s.call, modelName(v), v.workload, v.target, f.status ?? 'no data', f.level, blockingOps(v).join(', ')];
          })
        : [[`${s.path}:${s.line}:${s.column}`, s.call, '–', '–', '–', 'no data', 'none', s.note ?? '']],
    ),
    numeric: [],
  };
}
