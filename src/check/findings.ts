/**
 * What `check` reports about a call site on a target, how severe each is, and what
 * `--fail-on` compares against. A site that runs is no finding.
 */
export const FINDING_KINDS = ['fails', 'fails-partly', 'slower', 'no-data'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** 3: error, 2: warning, 1: note. */
export const SEVERITY: Record<FindingKind, number> = { fails: 3, 'fails-partly': 2, slower: 2, 'no-data': 1 };

export const FAIL_ON = ['complete', 'partial', 'unknown'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** `--fail-on complete`: a site that fails; `partial`: also one that fails partly or is slower beyond the threshold; `unknown`: also one with no data. */
export const FAIL_ON_SEVERITY: Record<FailOn, number> = { complete: 3, partial: 2, unknown: 1 };

/** Exit status of `check --fail-on` when a finding at or above the level exists. */
export const FINDINGS_EXIT = 4;

export function failsOn(level: FailOn, worst: number): boolean {
  return worst >= FAIL_ON_SEVERITY[level];
}
