import { isFailure, isPass, type Outcome } from '../model/outcome.js';
import { VOCABULARY } from '../model/vocabulary.js';
import type { CaseWithResult } from '../store/store.js';
import { identity, type Dataset, type TargetData, type TargetIdentity } from './dataset.js';
import { firstLine } from './portability.js';

/**
 * What the framework itself declares about a case on a device, read from the case's
 * params under the declaration keys of the vocabulary (python/portabench/vocabulary.json:
 * OpInfo's `declared` dtypes per device type and `xfail` device types (opinfo), JAX
 * harness `limited` devices (jax-harnesses), NumPy's own acceptance of the inputs
 * (`numpy_accepts`, tf-numpy)), by each key's shape: a `device_map` says per device (a
 * device it does not name: nothing declared); a `device_list` names devices declared to
 * fail (the others declared to work, unless a map says otherwise); a `bool` speaks for
 * every device. true: declared to work; false: declared not to (or expected to fail);
 * null: nothing declared for this device.
 */
export function declaredToWork(params: Record<string, unknown>, device: string): boolean | null {
  const keys = VOCABULARY.declaration_keys;
  let verdict: boolean | undefined;
  for (const k of keys.filter((x) => x.shape === 'device_map')) {
    const map = params[k.key];
    if (!map || typeof map !== 'object' || Array.isArray(map)) continue;
    const d = (map as Record<string, unknown>)[device];
    if (typeof d !== 'boolean') return null;
    verdict = (verdict ?? true) && d;
  }
  for (const k of keys.filter((x) => x.shape === 'device_list')) {
    const list = params[k.key];
    if (!Array.isArray(list)) continue;
    verdict = (verdict ?? true) && !list.includes(device);
  }
  if (verdict !== undefined) return verdict;
  for (const k of keys.filter((x) => x.shape === 'bool')) if (typeof params[k.key] === 'boolean') return params[k.key] as boolean;
  return null;
}

export type DeclarationVerdict = 'as_declared' | 'declared_but_fails' | 'expected_failure' | 'undeclared_but_works' | 'no_declaration';

export interface DeclarationFinding {
  function: string;
  case: string;
  verdict: 'declared_but_fails' | 'undeclared_but_works';
  category: string | null;
  error: string | null;
}

export interface DeclarationRow extends TargetIdentity {
  /** Cases by verdict (cases with a pass or a failure only). */
  cases: Record<DeclarationVerdict, number>;
  /** Functions with at least one finding of each kind. */
  functions_declared_but_failing: number;
  functions_undeclared_but_working: number;
  /** Every finding: a declared case that fails, an undeclared one that works (a stale declaration). */
  findings: DeclarationFinding[];
  /**
   * Portability over the cases that apply: those the framework declares for the CPU, the
   * reference platform (a dtype an op takes nowhere is no portability question). A case
   * that applies and fails on this device is a gap, declared for the device or not.
   */
  applicable: { functions: number; pass: number; partial: number; complete: number };
}

function parseParams(c: CaseWithResult): Record<string, unknown> {
  try {
    const p = JSON.parse(c.params) as unknown;
    return p && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function verdictOf(declared: boolean | null, outcome: Outcome): DeclarationVerdict | null {
  if (!isPass(outcome) && !isFailure(outcome)) return null;
  if (declared === null) return 'no_declaration';
  if (declared) return isPass(outcome) ? 'as_declared' : 'declared_but_fails';
  return isPass(outcome) ? 'undeclared_but_works' : 'expected_failure';
}

function declarationRow(d: TargetData): DeclarationRow | null {
  const cases: Record<DeclarationVerdict, number> = { as_declared: 0, declared_but_fails: 0, expected_failure: 0, undeclared_but_works: 0, no_declaration: 0 };
  const findings: DeclarationFinding[] = [];
  let anyDeclared = false;
  const applicable = { functions: 0, pass: 0, partial: 0, complete: 0 };
  for (const list of d.functions.values()) {
    let passed = 0;
    let failed = 0;
    for (const c of list) {
      if (!c.result) continue;
      const params = parseParams(c);
      if (declaredToWork(params, 'cpu') !== false) {
        if (isPass(c.result.outcome)) passed++;
        else if (isFailure(c.result.outcome)) failed++;
      }
      const declared = declaredToWork(params, d.target.device);
      const v = verdictOf(declared, c.result.outcome);
      if (!v) continue;
      cases[v]++;
      if (declared !== null) anyDeclared = true;
      if (v === 'declared_but_fails' || v === 'undeclared_but_works') {
        const error = v === 'declared_but_fails' ? firstLine([c.result.error_type, c.result.error_message].filter(Boolean).join(': ')) || null : null;
        findings.push({ function: c.function, case: c.name, verdict: v, category: c.result.category, error });
      }
    }
    if (passed || failed) {
      applicable.functions++;
      if (!failed) applicable.pass++;
      else if (!passed) applicable.complete++;
      else applicable.partial++;
    }
  }
  if (!anyDeclared) return null;
  const fnsWith = (k: DeclarationFinding['verdict']) => new Set(findings.filter((f) => f.verdict === k).map((f) => f.function)).size;
  findings.sort((a, b) => a.verdict.localeCompare(b.verdict) || a.function.localeCompare(b.function) || a.case.localeCompare(b.case));
  return { ...identity(d), cases, functions_declared_but_failing: fnsWith('declared_but_fails'), functions_undeclared_but_working: fnsWith('undeclared_but_works'), findings, applicable };
}

/** Declared against actual, per target whose cases carry declarations (the generated suites). */
export function declarationsTable(ds: Dataset): DeclarationRow[] {
  return ds.targets.map(declarationRow).filter((r): r is DeclarationRow => r !== null);
}

export interface CompiledOnlyRow extends TargetIdentity {
  /** The eager target it is compared with: of the same run, else the latest eager run of the same build on the same hardware. */
  eager_target_id: number;
  eager_run_id: number;
  compared: number;
  /** Cases passing eager and failing compiled on the same device. */
  failures: Array<{ function: string; case: string; category: string | null; error: string | null }>;
}

/** Cases that pass in eager mode and fail compiled, on the same framework and device (same run, or the same build and hardware). */
export function compiledOnlyFailures(ds: Dataset): CompiledOnlyRow[] {
  const rows: CompiledOnlyRow[] = [];
  for (const c of ds.targets) {
    if (c.target.mode !== 'compiled') continue;
    const eagerTwin = (x: TargetData) => x.target.mode === 'eager' && x.target.framework === c.target.framework && x.target.device === c.target.device;
    // the eager target of the same run; else the latest eager run of the same build on the same hardware
    const e =
      ds.targets.find((x) => x.run.id === c.run.id && eagerTwin(x)) ??
      ds.targets.filter((x) => eagerTwin(x) && x.target.framework_version === c.target.framework_version && x.target.hardware === c.target.hardware).sort((a, b) => b.run.id - a.run.id)[0];
    if (!e) continue;
    const eager = new Map<string, CaseWithResult>();
    for (const list of e.functions.values()) for (const x of list) eager.set(`${x.file}\0${x.name}`, x);
    let compared = 0;
    const failures: CompiledOnlyRow['failures'] = [];
    for (const list of c.functions.values()) {
      for (const x of list) {
        const y = eager.get(`${x.file}\0${x.name}`);
        if (!x.result || !y?.result) continue;
        compared++;
        if (isFailure(x.result.outcome) && isPass(y.result.outcome)) {
          failures.push({ function: x.function, case: x.name, category: x.result.category, error: firstLine([x.result.error_type, x.result.error_message].filter(Boolean).join(': ')) || null });
        }
      }
    }
    rows.push({ ...identity(c), eager_target_id: e.target.id, eager_run_id: e.run.id, compared, failures: failures.sort((a, b) => a.function.localeCompare(b.function) || a.case.localeCompare(b.case)) });
  }
  return rows;
}
