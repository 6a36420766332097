import type { Outcome } from '../model/outcome.js';

/** What a run reports while it works (the CLI turns these into progress output). */
export type RunEvent =
  | { type: 'run-start'; runId: number; resumed: boolean; targets: number; suite: string }
  | { type: 'target-start'; target: string; cases: number; done: number }
  | { type: 'target-unavailable'; target: string; problem: string }
  | { type: 'case'; target: string; function: string; case: string; outcome: Outcome; category: string | null; ms: number }
  | { type: 'worker-restart'; target: string; reason: string }
  | { type: 'collect-error'; target: string; file: string; error: string }
  | { type: 'target-end'; target: string }
  | { type: 'run-end'; runId: number; status: string };

export type EventSink = (e: RunEvent) => void;
