import { FRAMEWORK_NAMES } from '../envs/frameworks.js';
import type { Store } from '../store/store.js';
import { aotTargetPasses } from './aot-targets.js';
import type { EventSink } from './events.js';
import { probeAotEnvironments } from './probe.js';
import { runSuite, type RunSuiteOptions, type RunSuiteResult } from './run-suite.js';

/**
 * `run` with several generations of one device (`-m aot --aot-target v5e,v6e,v4,v5p`): a run's
 * targets are keyed by framework/device/mode, so each generation gets a run of its own — the
 * first with every target the options ask for, each later one with only the aot targets of
 * its generations' devices — one
 * after the other, stopping at an interruption. Without such a list (or on `--resume`, which
 * takes its run's own options) it is one `runSuite`. Owns nothing of running a suite
 * (run-suite.ts) nor of which device a name belongs to (aot-targets.ts).
 */
export async function runAotPasses(store: Store, opts: RunSuiteOptions, emit: EventSink = () => {}): Promise<RunSuiteResult[]> {
  if (opts.resume !== undefined || !opts.modes?.includes('aot') || !opts.aotTarget?.includes(',')) return [await runSuite(store, opts, emit)];
  const statuses = await probeAotEnvironments(opts.config, opts.frameworks?.length ? opts.frameworks : FRAMEWORK_NAMES);
  const passes = aotTargetPasses(opts.aotTarget, statuses);
  const results: RunSuiteResult[] = [];
  for (const [k, pass] of passes.entries()) {
    const later = k > 0 ? { modes: ['aot'], devices: pass.devices } : {};
    const r = await runSuite(store, { ...opts, aotTarget: pass.spec, ...later }, emit);
    results.push(r);
    if (r.status === 'interrupted') break;
  }
  return results;
}
