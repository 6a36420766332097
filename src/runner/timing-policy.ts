/**
 * How much timing a case gets. `full`: the careful policy of hand-written suites (cold
 * call, warm-up, adaptive repetitions up to 5 s); `quick`: a handful of timed calls, for
 * sweeps of generated suites; `none`: one checked call, nothing timed but the cold call.
 */
export const TIMING_LEVELS = ['none', 'quick', 'full'] as const;
export type TimingLevel = (typeof TIMING_LEVELS)[number];

/**
 * Keys of the worker's policy (python/portabench/timing.py DEFAULT_POLICY). `block`: calls
 * per timed sample (0 chooses, for operations too short to time alone; 1 never blocks);
 * `flush_cache`: write a buffer larger than the last-level cache before each sample.
 */
export type TimingPolicy = Partial<Record<'warmup' | 'min_reps' | 'max_reps' | 'min_time_s' | 'max_time_s' | 'block', number>> & { flush_cache?: boolean };

export const TIMING_PRESETS: Record<TimingLevel, TimingPolicy> = {
  none: { warmup: 0, min_reps: 0, max_reps: 0, min_time_s: 0, max_time_s: 0 },
  quick: { warmup: 1, min_reps: 3, max_reps: 10, min_time_s: 0.005, max_time_s: 0.1 },
  full: {},
};

/** A level's preset with the flags given on top (a flag always wins). */
export function timingPolicy(level: TimingLevel, flags: TimingPolicy = {}): TimingPolicy {
  return { ...TIMING_PRESETS[level], ...flags };
}

export function isTimingLevel(s: unknown): s is TimingLevel {
  return typeof s === 'string' && (TIMING_LEVELS as readonly string[]).includes(s);
}
