import { z } from 'zod';

/** Messages the Python worker sends (python/portabench/worker.py). */
export const ErrorInfo = z.object({ type: z.string(), message: z.string(), traceback: z.string().default('') });
export type ErrorInfo = z.infer<typeof ErrorInfo>;

export const DeviceInfo = z.object({ count: z.number(), names: z.array(z.string()) });

export const Hello = z.object({
  type: z.literal('hello'),
  protocol: z.number(),
  pid: z.number(),
  framework: z.string(),
  version: z.string(),
  python: z.string(),
  python_version: z.string(),
  devices: z.record(z.string(), DeviceInfo),
  modes: z.array(z.string()),
  mode_problems: z.record(z.string(), z.string()).default({}),
  /** Modes that target devices this machine need not have, and those devices (JAX: {lower: [cuda, rocm, tpu]}); run only when named. */
  deviceless: z.record(z.string(), z.array(z.string())).default({}),
  /** Mode aot: the generations each device can be compiled for here ({tpu: [v4, v5e, …]}). */
  aot_targets: z.record(z.string(), z.array(z.string())).default({}),
  compiled_with: z.string().nullable(),
  hardware: z.string().nullable(),
  build: z.record(z.string(), z.unknown()).default({}),
  /** The --framework-config settings the worker applied that differ from the framework's default. */
  config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
  import_s: z.number(),
  /** Clock resolution and the harness's per-call cost, measured at start (absent in probes). */
  calibration: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type Hello = z.infer<typeof Hello>;

export const Fatal = z.object({ type: z.literal('fatal'), stage: z.string(), error: ErrorInfo });

export const Listed = z.object({
  type: z.literal('listed'),
  file: z.string(),
  function: z.string().nullable().optional(),
  cases: z
    .array(
      z.object({
        name: z.string(),
        params: z.record(z.string(), z.unknown()),
        line: z.number().nullable().optional(),
        /** The function this case exercises, when it is not the file's FUNCTION (add_case, @case(function=…)). */
        function: z.string().nullable().optional(),
      }),
    )
    .optional(),
  error: ErrorInfo.optional(),
  /** Asked for with "check": true (`suite check`): what python/portabench/check.py finds in the file. */
  check: z
    .object({
      /** The line of FUNCTION = …, or null. */
      function_line: z.number().nullable(),
      /** FUNCTION is not a string, or names nothing importable. */
      function_error: z.string().nullable().optional(),
      /** Every case names its own function (add_case(…, function=…)): FUNCTION is optional. */
      generated: z.boolean().optional(),
      /** Cases the file registered (listed cases are unique by name). */
      case_count: z.number().optional(),
      /** Cases whose function names nothing importable: not run. */
      case_errors: z.record(z.string(), z.string()).optional(),
      /** The line of the test file an import error points at. */
      error_line: z.number().nullable().optional(),
    })
    .optional(),
  /** What importing the file printed, when it failed. */
  stdout: z.string().optional(),
  stderr: z.string().optional(),
  /** Importing the file changed process state that could not be set back: the worker must be replaced. */
  replace_worker: z.string().optional(),
});
export type Listed = z.infer<typeof Listed>;

export const Measurement = z.object({
  cold_ms: z.number(),
  samples_ms: z.array(z.number()),
  warmup: z.number().optional(),
  /** Why the repetitions stopped: min_time, max_reps or max_time. */
  stop: z.string().optional(),
  /** The clock of samples_ms: "wall" (python/portabench/timing.py). */
  clock: z.string().optional(),
  /** Calls per sample (blocked timing); samples are per call: block time / block. */
  block: z.number().optional(),
  /** The device's own timer of the same samples ("cuda-events"), or null: wall time only, device_clock_reason says why. */
  device_clock: z.string().nullable().optional(),
  device_samples_ms: z.array(z.number()).optional(),
  device_clock_reason: z.string().optional(),
  /** --flush-cache: a buffer of flush_bytes written before each of the flushes samples, outside the timed region. */
  flush_cache: z.boolean().optional(),
  flush_bytes: z.number().optional(),
  flushes: z.number().optional(),
  /** --group: "group" when the samples time the whole group's program (group_cases cases, group_calls compiled calls), not this case alone. */
  per: z.string().optional(),
  group_cases: z.number().optional(),
  group_calls: z.number().optional(),
});
export type Measurement = z.infer<typeof Measurement>;

/** One piece of process-wide state a case changed and the worker set back (python/portabench/state_guard.py). */
export const StateChange = z.object({ what: z.string(), before: z.string(), after: z.string() });
export type StateChange = z.infer<typeof StateChange>;

/** What a traced run ("trace": true, `suite check`) saw of the case's function (python/portabench/check.py). */
export const CaseTrace = z.object({
  /** The function traced: the case's own, else the file's FUNCTION. */
  function: z.string().nullable(),
  /** bench.measure calls, and calls of the function inside and outside them. */
  measures: z.number(),
  timed_calls: z.number(),
  untimed_calls: z.number(),
  /** The test file's line of the first untimed call. */
  untimed_line: z.number().nullable(),
  /** The test file's line the case's exception points at. */
  error_line: z.number().nullable(),
});
export type CaseTrace = z.infer<typeof CaseTrace>;

export const CaseResult = z.object({
  type: z.literal('result'),
  id: z.number().nullable(),
  /** crash: the case called sys.exit (caught before it could end the worker). */
  outcome: z.enum(['pass', 'fail', 'skip', 'error', 'crash']),
  error: ErrorInfo.nullable(),
  timings: z.array(Measurement),
  duration_ms: z.number(),
  stdout: z.string(),
  stderr: z.string(),
  stdout_bytes: z.number(),
  stderr_bytes: z.number(),
  /** Processes the case left running, killed when it ended. */
  processes_killed: z.number().default(0),
  /** Threads the case started that were still running when it ended. */
  threads_left: z.array(z.string()).default([]),
  /** Process-wide state the case changed (default dtype, config flags, warnings filters, replaced module attributes…), set back after it. */
  state_changes: z.array(StateChange).default([]),
  /** Why the worker must be replaced before the next case, as a predicate of "the case": "changed process state that cannot be set back: …". */
  replace_worker: z.string().nullable().default(null),
  /** A deviceless mode: what the compiler said of the program (flops, bytes_accessed, transcendentals, argument/output/temp/code bytes). */
  analysis: z.record(z.string(), z.number()).optional(),
  /** Present when the request asked for "trace": true. */
  trace: CaseTrace.optional(),
  /** With "record_ops": true, the operators the case's timed calls dispatched (python/portabench/recorder.py), sorted; null when it measured nothing. */
  ops: z.array(z.string()).nullable().optional(),
  /** Why the recorder could not trace a timed call (the case's result stands). */
  ops_error: z.string().optional(),
  /** What recording cost the case, in milliseconds (one more call of each timed function). */
  record_ms: z.number().optional(),
});
export type CaseResult = z.infer<typeof CaseResult>;

/** The answer to "run_group" (python/portabench/group.py): per case, whether the group settled it (its result) or why it must run alone. */
export const GroupResult = z.object({
  type: z.literal('group_result'),
  id: z.number().nullable(),
  cases: z.array(z.object({ case: z.string(), grouped: z.boolean(), why: z.string().nullable(), result: CaseResult.nullable(), alone_calls: z.number().optional() })),
  /** The group's program compiled and ran. */
  compiled: z.boolean(),
  error: ErrorInfo.nullable(),
  /** The case whose call the compiler's error names, when it names one. */
  culprit: z.string().optional(),
  calls: z.number(),
  compile_ms: z.number(),
  replace_worker: z.string().nullable(),
});
export type GroupResult = z.infer<typeof GroupResult>;

/** Sent when a "run" request is taken up. */
export const Started = z.object({ type: z.literal('started'), id: z.number().nullable(), pid: z.number() });

export const Health = z.object({ type: z.literal('health'), ok: z.boolean(), error: ErrorInfo.optional() });
export type Health = z.infer<typeof Health>;

export const Pong = z.object({ type: z.literal('pong') });

/** 2: requests carry seq and nonce, which every answer echoes. */
export const PROTOCOL_VERSION = 2;
