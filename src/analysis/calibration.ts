import { isFailure, isPass } from '../model/outcome.js';
import { deviceMatches, isMeasuredMode } from '../model/vocabulary.js';
import { isStatic } from '../coverage/store.js';
import type { CaseWithResult } from '../store/store.js';
import { identity, type Dataset, type TargetData, type TargetIdentity } from './dataset.js';
import { summarizeFunctions } from './portability.js';

/**
 * Calibration: how far to trust a level of evidence that did not run on the device, measured
 * where it meets one that did. For every pair of a target that was not measured (static
 * coverage, or a deviceless mode: lower, aot) and a measured target of the same framework on
 * the same device, over the functions both have a verdict for (a function fails when one of
 * its cases fails; broken tests, skips and unknown outcomes are no verdict): how often the
 * two agree, and the precision and recall of the unmeasured level's "fails" against the
 * measured truth; and the same over the cases both ran under the same name. It does not
 * know why two levels disagree: different framework versions are said, not corrected.
 */

export interface CalibrationCounts {
  /** Functions (cases) with a verdict on both sides. */
  common: number;
  agree: number;
  /** Failing on the unmeasured side, on the measured side, and on both. */
  fails_predicted: number;
  fails_measured: number;
  fails_both: number;
  /** fails_both / fails_predicted and fails_both / fails_measured; null without any. */
  precision: number | null;
  recall: number | null;
}

export interface CalibrationRow {
  level: string;
  predicted: TargetIdentity;
  measured: TargetIdentity;
  functions: CalibrationCounts;
  cases: CalibrationCounts;
  /** Where the two were not the same framework version, what a reader must know. */
  note: string | null;
}

/** What a target's evidence is, when it is not measured: the coverage source (registered/declared) or the mode (lower, aot). */
export function unmeasuredLevel(t: TargetData): string | null {
  if (isStatic(t.run.origin)) return t.run.origin.replace(/^static:/, 'static ');
  return isMeasuredMode(t.target.mode) ? null : t.target.mode;
}

type Verdict = 'runs' | 'fails';

function functionVerdicts(t: TargetData): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  for (const f of summarizeFunctions([...t.functions.values()].flat())) {
    if (f.cases.failed > 0) out.set(f.function, 'fails');
    else if (f.cases.passed > 0) out.set(f.function, 'runs');
  }
  return out;
}

function caseVerdicts(t: TargetData): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  for (const c of [...t.functions.values()].flat() as CaseWithResult[]) {
    const o = c.result?.outcome;
    if (!o) continue;
    if (isFailure(o)) out.set(`${c.function}\0${c.name}`, 'fails');
    else if (isPass(o)) out.set(`${c.function}\0${c.name}`, 'runs');
  }
  return out;
}

function compare(predicted: Map<string, Verdict>, measured: Map<string, Verdict>): CalibrationCounts {
  let common = 0;
  let agree = 0;
  let fp = 0;
  let fm = 0;
  let fb = 0;
  for (const [key, p] of predicted) {
    const m = measured.get(key);
    if (!m) continue;
    common++;
    if (p === m) agree++;
    if (p === 'fails') fp++;
    if (m === 'fails') fm++;
    if (p === 'fails' && m === 'fails') fb++;
  }
  return { common, agree, fails_predicted: fp, fails_measured: fm, fails_both: fb, precision: fp ? fb / fp : null, recall: fm ? fb / fm : null };
}

export function calibrationTable(ds: Dataset): CalibrationRow[] {
  const rows: CalibrationRow[] = [];
  const unmeasured = ds.targets.filter((t) => unmeasuredLevel(t));
  const measured = ds.targets.filter((t) => !unmeasuredLevel(t));
  for (const a of unmeasured) {
    const fa = functionVerdicts(a);
    const ca = caseVerdicts(a);
    for (const b of measured) {
      if (a.target.framework !== b.target.framework || !deviceMatches(a.target.device, b.target.device)) continue;
      const functions = compare(fa, functionVerdicts(b));
      if (!functions.common) continue;
      const va = a.target.framework_version;
      const vb = b.target.framework_version;
      rows.push({
        level: unmeasuredLevel(a)!,
        predicted: identity(a),
        measured: identity(b),
        functions,
        cases: compare(ca, caseVerdicts(b)),
        note: va !== vb ? `different versions (${va ?? 'unknown'} against ${vb ?? 'unknown'} measured): a disagreement may be the version's` : null,
      });
    }
  }
  return rows;
}
