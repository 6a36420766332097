import { declaredToWork } from '../analysis/declarations.js';
import { GroupResult, type CaseResult } from './protocol.js';
import { ProtocolViolation, WorkerLost, type WorkerProcess, describeExit } from './worker-process.js';
import type { TimingPolicy } from './timing-policy.js';

/**
 * Grouped compilation (`run --group N`, compiled mode): which cases of a target are
 * compiled together, the "run_group" request (python/portabench/group.py), and group
 * testing on what comes back. A group whose program compiled settles the cases whose
 * checks passed in it; every other case runs alone, as today (`runAlone`), so a failure
 * is recorded as the case shows it by itself. A group that did not compile is split:
 * when the compiler's error names the call it failed in, that case runs alone and the
 * rest is tried again as a group; otherwise the group is halved, down to single cases,
 * which run alone. A group that crashed or hung its worker has every case run alone
 * (the worker replaced). Cases the framework declares unsupported on the device go
 * alone from the start. Each result records its group (results.compile_group, 017).
 * What is done with a result (stored, classified) and how workers start belong to the
 * caller (run-target.ts).
 */

export interface GroupMember {
  file: string;
  name: string;
  params: Record<string, unknown>;
}

/** What a result stores of its group (results.compile_group). */
export type CompileGroup = { id: number; size: number } | { alone: true; from: { id: number; size: number }; why: string };

export interface GroupDeps {
  /** The worker to use (started if there is none); null when none could start. */
  worker(): Promise<WorkerProcess | null>;
  /** Drop the current worker (killed), with why. */
  discard(reason: string): void;
  /** Run one case alone (run-case.ts) and record it with `group`. */
  runAlone(c: GroupMember, group: CompileGroup): Promise<void>;
  /** Record a case the group settled. */
  recordGrouped(c: GroupMember, result: CaseResult, group: CompileGroup, worker: WorkerProcess): Promise<void>;
  shouldStop?: () => boolean;
  timing?: TimingPolicy;
  recordOps?: boolean;
  /**
   * The time limit of one case, which is also a group's: a group is one program, compiled and
   * run at once, and one that takes longer than a case may is not waited for (a deadlock that
   * only a group of cases meets would otherwise stall the run for size × the limit); its cases
   * then run alone, each with its own limit.
   */
  timeoutS: number;
}

/** May this case share a compilation? Not where the framework declares it unsupported on the device. */
export function groupable(c: GroupMember, device: string): boolean {
  return declaredToWork(c.params, device) !== false;
}

/** `cases` in the order given, as runs: groups of up to `size` groupable cases, and the others alone. */
export function planGroups<T extends GroupMember>(cases: T[], size: number, device: string): T[][] {
  const out: T[][] = [];
  let open: T[] = [];
  for (const c of cases) {
    if (!groupable(c, device)) {
      out.push([c]);
      continue;
    }
    open.push(c);
    if (open.length >= size) {
      out.push(open);
      open = [];
    }
  }
  if (open.length) out.push(open);
  return out;
}

let groupIds = 0;

/** Run `cases` as one group, splitting it until every case is settled or has run alone. */
export async function runGroup(cases: GroupMember[], deps: GroupDeps): Promise<'done' | 'interrupted'> {
  const queue: Array<{ cases: GroupMember[]; from: { id: number; size: number } | null; why: string }> = [{ cases, from: null, why: '' }];
  while (queue.length) {
    if (deps.shouldStop?.()) return 'interrupted';
    const g = queue.shift()!;
    if (g.cases.length === 1) {
      await deps.runAlone(g.cases[0], g.from ? { alone: true, from: g.from, why: g.why } : { alone: true, from: { id: 0, size: 1 }, why: 'a group of one' });
      continue;
    }
    const group = { id: ++groupIds, size: g.cases.length };
    const w = await deps.worker();
    if (!w) {
      for (const c of g.cases) await deps.runAlone(c, { alone: true, from: group, why: 'no worker could start for the group' });
      continue;
    }
    let a: GroupResult;
    try {
      const req = { type: 'run_group', id: group.id, cases: g.cases.map((c) => ({ file: c.file, case: c.name })), timing: deps.timing, ...(deps.recordOps ? { record_ops: true } : {}) };
      a = await w.request(req, 'group_result', GroupResult, deps.timeoutS * 1000);
    } catch (err) {
      if (!(err instanceof WorkerLost || err instanceof ProtocolViolation)) throw err;
      if (deps.shouldStop?.()) return 'interrupted';
      const why = err instanceof ProtocolViolation ? `the group broke the worker protocol (${err.received})` : err.reason === 'timeout' ? `the group exceeded its time limit of ${deps.timeoutS} s (one case's)` : `the group killed the worker (${describeExit(err.exit)})`;
      deps.discard(why);
      for (const c of g.cases) await deps.runAlone(c, { alone: true, from: group, why });
      continue;
    }
    const byName = new Map(g.cases.map((c) => [c.name, c]));
    const rest: GroupMember[] = [];
    const whyAlone = new Map<string, string>();
    for (const r of a.cases) {
      const c = byName.get(r.case);
      if (!c) continue;
      if (r.grouped && r.result) await deps.recordGrouped(c, r.result, group, w);
      else {
        rest.push(c);
        whyAlone.set(c.name, r.why ?? 'not settled by the group');
      }
    }
    if (a.replace_worker) deps.discard(a.replace_worker);
    if (!a.compiled && a.error && rest.length > 1) {
      const error = `${a.error.type}: ${a.error.message.split('\n')[0].slice(0, 200)}`;
      const culprit = a.culprit ? rest.find((c) => c.name === a.culprit) : undefined;
      if (culprit) {
        queue.unshift({ cases: [culprit], from: group, why: `the group did not compile, at its call (${error})` }, { cases: rest.filter((c) => c !== culprit), from: group, why: '' });
      } else {
        const half = Math.ceil(rest.length / 2);
        queue.unshift({ cases: rest.slice(0, half), from: group, why: `a group it was in did not compile (${error})` }, { cases: rest.slice(half), from: group, why: `a group it was in did not compile (${error})` });
      }
      continue;
    }
    for (const c of rest) await deps.runAlone(c, { alone: true, from: group, why: whyAlone.get(c.name)! });
  }
  return 'done';
}
