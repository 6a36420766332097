import { aotTargetsByDevice } from './aot-targets.js';
import type { Config } from '../envs/config.js';
import type { FrameworkConfig } from '../envs/framework-config.js';
import type { Store } from '../store/store.js';
import { loadSuite } from '../suites/suite.js';
import { VERSION } from '../version.js';
import { timingPolicy, type TimingLevel, type TimingPolicy } from './timing-policy.js';
import type { EventSink } from './events.js';
import { machineFingerprint } from './fingerprint.js';
import { probeAll, probeAotEnvironments } from './probe.js';
import { runTarget, type Isolation } from './run-target.js';
import { planTargets, targetLabel, type TargetSpec } from './targets.js';
import type { WorkerProcess } from './worker-process.js';

export interface RunSuiteOptions {
  suite: string;
  frameworks?: string[];
  devices?: string[];
  modes?: string[];
  timeoutS: number;
  /** Time limit for importing one test file (default 30 s, never more than timeoutS). */
  collectTimeoutS?: number;
  /** On resume, collect again the files that failed to collect (default: skip them). */
  retryErrors?: boolean;
  /** Timing flags given (warmup, min_reps, …); they override the level's preset. */
  timing?: TimingPolicy;
  /** none, quick or full; default: what the suite's suite.json says, else full. */
  timingLevel?: TimingLevel;
  /** A fresh worker per case, per function, or per target (default, restarted after a crash). */
  isolate?: Isolation;
  /** Record the operators each case's timed calls dispatch (results.ops); default: on for generated suites. */
  recordOps?: boolean;
  /** Compiled mode: compile up to this many cases as one program (--group, run-group.ts); 1 or absent: each alone. Not at timing level full, where every case is timed alone. */
  group?: number;
  /** Workers running a target's cases at once (--jobs; default 1). Their timings share the machine: not at timing level full. */
  jobs?: number;
  /** Framework settings for whole workers, by framework (--framework-config); recorded with the run, so a resume uses them too. */
  frameworkConfig?: FrameworkConfig;
  /** Mode aot: the target compiled for (`--aot-target v5e`, or one per device: `v5e,sm_90`; aot-targets.ts). */
  aotTarget?: string;
  config: Config;
  pythonFlags: Record<string, string>;
  /** Resume this run (its id) instead of starting a new one. */
  resume?: number;
  /** Set to true (e.g. on Ctrl-C) to stop after the case in flight. */
  stop?: StopSignal;
  /** Called (and awaited) once a new run exists, before any case runs: a fleet agent records it with its job. */
  onRunCreated?: (runId: number) => Promise<void>;
}

/** Set `requested` (e.g. on Ctrl-C) and call `abort` to end the case in flight now. */
export interface StopSignal {
  requested: boolean;
  abort?: () => void;
}

export interface RunSuiteResult {
  runId: number;
  status: 'finished' | 'interrupted';
  targets: Array<{ target: string; status: string }>;
}

/** Run a suite on every matching target, storing each result as it arrives. */
export async function runSuite(store: Store, opts: RunSuiteOptions, emit: EventSink = () => {}): Promise<RunSuiteResult> {
  let options = { suite: opts.suite, frameworks: opts.frameworks, devices: opts.devices, modes: opts.modes, timeoutS: opts.timeoutS, collectTimeoutS: opts.collectTimeoutS, timing: opts.timing, timingLevel: opts.timingLevel, isolate: opts.isolate, recordOps: opts.recordOps, frameworkConfig: opts.frameworkConfig ?? {}, aotTarget: opts.aotTarget, group: opts.group, jobs: opts.jobs };
  let runId: number;
  if (opts.resume !== undefined) {
    const run = await store.getRun(opts.resume);
    if (!run) throw new Error(`no run ${opts.resume} in ${store.location}`);
    if (run.origin !== 'run') throw new Error(`run ${run.id} was imported (${run.origin}), not run here: nothing to resume`);
    options = { ...options, ...(JSON.parse(run.options) as typeof options) };
    runId = run.id;
  } else {
    runId = -1;
  }
  const suite = loadSuite(options.suite);
  options.timingLevel ??= suite.timing; // recorded with the run, so a resume times the same way
  if ((options.jobs ?? 1) > 1 && options.timingLevel === 'full') {
    throw new Error(`--jobs ${options.jobs} runs cases side by side, so their timings would share the machine; timing level full (${opts.timingLevel ? 'asked for' : `suite ${suite.name}'s default`}) times each case on a quiet machine: use --timing quick or none with --jobs, or --jobs 1`);
  }
  options.recordOps ??= suite.generated; // generated suites: the ops of every case, for check's predictions
  const frameworks = Object.keys(suite.files).filter((f) => !options.frameworks?.length || options.frameworks.includes(f));
  if (!frameworks.length) throw new Error(`suite ${suite.name} has no test files for ${options.frameworks?.join(', ')}`);
  const statuses = await probeAll(opts.config, opts.pythonFlags, frameworks);
  if (options.modes?.includes('aot')) statuses.push(...(await probeAotEnvironments(opts.config, frameworks)));
  const targets: TargetSpec[] = planTargets(statuses, options);
  const aotTargets = new Map(frameworks.map((f) => [f, aotTargetsByDevice(options.aotTarget, statuses, f, options.devices)]));
  if (runId < 0) {
    runId = await store.createRun({
      suite: suite.name,
      suitePath: suite.dir,
      suiteHash: suite.hash,
      portabenchVersion: VERSION,
      fingerprint: machineFingerprint(),
      options: { ...options, suite: suite.dir },
    });
    await opts.onRunCreated?.(runId);
  } else {
    await store.setRunStatus(runId, 'running');
  }
  emit({ type: 'run-start', runId, resumed: opts.resume !== undefined, targets: targets.length, suite: suite.name });

  // Frameworks that cannot run at all still get a target row, so the report says why.
  for (const s of statuses) {
    if (s.available) continue;
    const t = await store.target(runId, { framework: s.name, device: options.devices?.[0] ?? 'cpu', mode: options.modes?.[0] ?? 'eager' });
    await store.updateTarget(t.id, { status: 'unavailable', problem: `${s.problem}${s.hint ? ` — ${s.hint}` : ''}`, python: s.python });
    emit({ type: 'target-unavailable', target: targetLabel(t), problem: s.problem ?? 'unavailable' });
  }

  const current = new Map<number, WorkerProcess>(); // by lane
  if (opts.stop) opts.stop.abort = () => { for (const w of current.values()) w.kill(); };
  const results: RunSuiteResult['targets'] = [];
  let status: RunSuiteResult['status'] = 'finished';
  try {
    for (const t of targets) {
      if (opts.stop?.requested) {
        status = 'interrupted';
        break;
      }
      const r = await runTarget(
        store,
        runId,
        t,
        suite.files[t.framework] ?? [],
        {
          timeoutS: options.timeoutS,
          collectTimeoutS: options.collectTimeoutS,
          retryErrors: opts.retryErrors,
          timing: timingPolicy(options.timingLevel ?? suite.timing, options.timing),
          isolate: options.isolate,
          recordOps: options.recordOps,
          // timing level full times every case alone, so it compiles each alone too
          group: (options.timingLevel ?? suite.timing) === 'full' ? 1 : options.group,
          jobs: options.jobs,
          frameworkConfig: options.frameworkConfig?.[t.framework],
          aotTarget: t.mode === 'aot' ? (aotTargets.get(t.framework)?.get(t.device) ?? aotTargets.get(t.framework)?.get('')) : undefined,
          shouldStop: () => !!opts.stop?.requested,
          onWorker: (w, lane) => (w ? current.set(lane, w) : current.delete(lane)),
        },
        emit,
      );
      results.push({ target: targetLabel(t), status: r });
      if (r === 'interrupted') {
        status = 'interrupted';
        break;
      }
    }
  } finally {
    for (const w of current.values()) w.dispose();
    await store.setRunStatus(runId, status);
  }
  emit({ type: 'run-end', runId, status });
  return { runId, status, targets: results };
}
