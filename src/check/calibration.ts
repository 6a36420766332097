import { calibrationTable, unmeasuredLevel, type CalibrationRow } from '../analysis/calibration.js';
import { loadDataset, type Dataset } from '../analysis/dataset.js';
import { deviceMatches, isMeasuredMode } from '../model/vocabulary.js';
import { isStatic } from '../coverage/store.js';
import type { Store } from '../store/store.js';

/**
 * How far to trust the unmeasured targets a check reads (compiled for a device, a kernel
 * registry, declarations), measured where the store also holds a measured target of the same
 * framework on the same device: the calibration table's rows (src/analysis/calibration.ts)
 * whose unmeasured side is one the check selected. It loads those measured runs only when
 * the check has an unmeasured target; it does not weigh the rows by the code's call sites.
 */
export async function loadCheckCalibration(store: Store, checked: Dataset): Promise<CalibrationRow[]> {
  const unmeasured = checked.targets.filter((t) => unmeasuredLevel(t));
  if (!unmeasured.length) return [];
  const runs = new Map((await store.listRuns()).map((r) => [r.id, r]));
  const measuredRuns = (await store.targets())
    .filter((t) => {
      const run = runs.get(t.run_id);
      return run && !isStatic(run.origin) && isMeasuredMode(t.mode) && unmeasured.some((u) => u.target.framework === t.framework && deviceMatches(u.target.device, t.device));
    })
    .map((t) => t.run_id);
  const ds = await loadDataset(store, { runIds: [...new Set([...unmeasured.map((t) => t.run.id), ...measuredRuns])] });
  const wanted = new Set(unmeasured.map((t) => t.target.id));
  return calibrationTable(ds).filter((r) => wanted.has(r.predicted.target_id));
}
