import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { VERSION } from '../version.js';
import { evidenceText, verdictText } from './document.js';
import { siteFindings } from '../models/check.js';
import { modelName } from '../models/cases.js';
import { modelVerdictText } from '../models/verdicts.js';
import { SEVERITY, type FindingKind } from './findings.js';
import type { CheckResult } from './join.js';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<number, Level> = { 3: 'error', 2: 'warning', 1: 'note' };

interface Rule {
  id: string;
  name: string;
  short: string;
  help: string;
}

/** One rule per finding kind; the help names the evidence every result of it rests on. */
function rules(r: CheckResult): Record<FindingKind, Rule> {
  const evidence =
    'Evidence: results in the portabench store (measured: portabench runs and imported data such as the 2023 study "The Grand Illusion"; static: registry coverage, origin static:*). ' +
    'Each result names its target, run ids, origin and whether the evidence is measured or static. Nothing of the checked code was imported or run: call sites are resolved from the source.';
  return {
    fails: { id: 'PB001', name: 'fails', short: 'Function fails on the target', help: `Every recorded case of this function failed on the target (not implemented, unsupported dtype, crash, …). ${evidence}` },
    'fails-partly': {
      id: 'PB002',
      name: 'fails-partly',
      short: 'Function fails partly on the target',
      help: `Some recorded cases of this function failed on the target: the message names the failure categories, the dtypes and one real error. ${evidence}`,
    },
    slower: {
      id: 'PB003',
      name: 'slower',
      short: `Function is more than ${r.slower_than}× slower on the target than on the baseline`,
      help: `Measured latency on the target over the baseline (mean over the cases passing on both, the study's convention) is above ${r.slower_than}×. ${evidence}`,
    },
    'no-data': { id: 'PB004', name: 'no-data', short: 'No result for this function on the target', help: `The store holds no passing or failing case of this function on the target: it may or may not run. ${evidence}` },
  };
}

/** Rules for calls that build a model (src/models/check.ts): the model's verdict per workload, measured there or predicted from its operators. */
const MODEL_KINDS: FindingKind[] = ['fails', 'fails-partly', 'no-data'];
function modelRules(): Record<string, Rule> {
  const evidence =
    'Evidence: the models suite\'s results in the portabench store: measured where the model ran on the target, else predicted from the ATen operators its recorded run dispatched, joined with the target\'s per-operator evidence (measured, compiled, registered); the message says which, and names the blocking operators.';
  return {
    fails: { id: 'PB011', name: 'model-fails', short: 'Model fails on the target', help: `The model this call builds failed on the target, or is predicted to (an operator it dispatches has no kernel there). ${evidence}` },
    'fails-partly': { id: 'PB012', name: 'model-fails-partly', short: 'Model is predicted to fail partly on the target', help: `An operator the model dispatches fails there for some inputs. ${evidence}` },
    'no-data': { id: 'PB014', name: 'model-no-data', short: 'No verdict for this model on the target', help: `The store has no result of this model there and not enough per-operator evidence to predict one, or does not hold the model (run the models suite for it with --record-ops). ${evidence}` },
  };
}

const ruleJson = (rule: Rule, kind: FindingKind) => ({
  id: rule.id,
  name: rule.name,
  shortDescription: { text: rule.short },
  fullDescription: { text: rule.help },
  help: { text: rule.help },
  defaultConfiguration: { level: LEVEL[SEVERITY[kind]] },
});

function uriOf(path: string, root: string): { uri: string; uriBaseId?: string } {
  const rel = relative(root, path);
  if (!rel.startsWith('..') && !isAbsolute(rel)) return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(path).href };
}

const fingerprint = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);

/**
 * SARIF 2.1.0 for code scanning: one result per finding (site × target × kind), located at the
 * call; `partialFingerprints` hash the file, function, target and kind (not the line), so a
 * finding keeps its identity when code moves. Paths under `root` are relative to %SRCROOT%.
 */
export function toSarif(r: CheckResult, root = process.cwd()): object {
  const ruleSet = rules(r);
  const kinds = Object.keys(ruleSet) as FindingKind[];
  const results: object[] = [];
  for (const f of r.files) {
    const location = uriOf(f.path, root);
    const seen = new Map<string, number>();
    for (const s of f.sites) {
      for (const v of s.verdicts) {
        for (const kind of v.findings) {
          const base = fingerprint(location.uri, s.function, v.target, kind);
          const n = (seen.get(base) ?? 0) + 1; // the n-th call of that function in the file
          seen.set(base, n);
          results.push({
            ruleId: ruleSet[kind].id,
            ruleIndex: kinds.indexOf(kind),
            level: LEVEL[SEVERITY[kind]],
            message: { text: `${s.function} ${kind === 'no-data' ? `has no data on ${v.target}${v.note ? ` (${v.note})` : ''}` : verdictText(v)}` },
            locations: [{ physicalLocation: { artifactLocation: location, region: { startLine: s.line, startColumn: s.column } } }],
            partialFingerprints: { 'portabenchFinding/v1': `${base}:${n}` },
            properties: { function: s.function, framework: s.framework, target: v.target, status: v.status, evidence: v.kind, runs: v.runs, origins: v.origins, resolved: s.via, ...(v.latency ? { latency_ratio: v.latency.ratio, baseline: v.latency.baseline } : {}), ...(v.kind ? { evidence_text: evidenceText(v) } : {}) },
          });
        }
      }
    }
  }
  const modelRuleSet = modelRules();
  const seenModels = new Map<string, number>();
  for (const site of r.models ?? []) {
    const location = uriOf(site.path, root);
    for (const { verdict: v, kind } of siteFindings(site)) {
      const model = v ? modelName(v) : site.call;
      const base = fingerprint(location.uri, model, v?.workload ?? '', v?.target ?? '', kind);
      const n = (seenModels.get(base) ?? 0) + 1; // the n-th call building that model in the file
      seenModels.set(base, n);
      results.push({
        ruleId: modelRuleSet[kind].id,
        ruleIndex: kinds.length + MODEL_KINDS.indexOf(kind),
        level: LEVEL[SEVERITY[kind]],
        message: { text: v ? `${site.call} [${v.workload}] ${modelVerdictText(v)}` : `${site.call}: ${site.note ?? 'no verdict'}` },
        locations: [{ physicalLocation: { artifactLocation: location, region: { startLine: site.line, startColumn: site.column } } }],
        partialFingerprints: { 'portabenchFinding/v1': `${base}:${n}` },
        properties: v ? { model, call: site.call, workload: v.workload, target: v.target, level: v.measured?.status ? 'measured' : 'predicted', blocking: v.measured?.status === 'fails' ? v.measured.blocking : (v.predicted?.blocking.map((b) => b.op) ?? []) } : { call: site.call },
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'portabench',
            version: VERSION,
            rules: [...kinds.map((k) => ruleJson(ruleSet[k], k)), ...(r.models?.length ? MODEL_KINDS.map((k) => ruleJson(modelRuleSet[k], k)) : [])],
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(root.endsWith(sep) ? root : `${root}${sep}`).href } },
        results,
        properties: { targets: r.targets.map((t) => ({ label: t.label, runs: t.runs })), baselines: r.baselines, summary: r.summary },
      },
    ],
  };
}
