import { parseStateChanges, type StateChange } from '../model/state-changes.js';
import { identity, type Dataset, type TargetIdentity } from './dataset.js';

/** A case that changed process-wide state (the worker set it back after the case). */
export interface StateLeak {
  function: string;
  file: string;
  case: string;
  outcome: string | null;
  changes: StateChange[];
}

export interface StateLeakRow extends TargetIdentity {
  leaks: StateLeak[];
}

/**
 * Cases that leak state, per target: what each changed (stored with its result). The
 * worker set it back, so no other case's verdict depends on it, but the test is not
 * self-contained (it would change its neighbours' results in a plain pytest run): a
 * suite author fixes it.
 */
export function stateLeaks(ds: Dataset): StateLeakRow[] {
  const rows: StateLeakRow[] = [];
  for (const d of ds.targets) {
    const leaks: StateLeak[] = [];
    for (const [fn, list] of d.functions) {
      for (const c of list) {
        const changes = parseStateChanges(c.result?.state_changes);
        if (changes.length) leaks.push({ function: fn, file: c.file, case: c.name, outcome: c.result?.outcome ?? null, changes });
      }
    }
    if (leaks.length) rows.push({ ...identity(d), leaks });
  }
  return rows;
}
