import cliProgress from 'cli-progress';
import { isFailure, isPass } from '../model/outcome.js';
import type { RunEvent } from '../runner/events.js';
import { err } from './common.js';

/**
 * Progress for a run: a bar per target on a terminal; one line per case otherwise
 * (CI logs, pipes), so long work always shows it is moving.
 */
export function progressPrinter(quiet = false): (e: RunEvent) => void {
  const tty = process.stderr.isTTY === true;
  let bar: cliProgress.SingleBar | null = null;
  const counts = { pass: 0, fail: 0, other: 0 };
  return (e) => {
    if (quiet) return;
    switch (e.type) {
      case 'run-start':
        err(`${e.resumed ? 'Resuming' : 'Starting'} run ${e.runId}: suite ${e.suite} on ${e.targets} target(s)`);
        break;
      case 'target-start':
        counts.pass = counts.fail = counts.other = 0;
        if (tty) {
          bar = new cliProgress.SingleBar(
            { format: `${e.target.padEnd(26)} [{bar}] {value}/{total} cases | pass {pass} fail {fail} | {eta_formatted} left | {last}`, hideCursor: true, clearOnComplete: false, stream: process.stderr },
            cliProgress.Presets.shades_classic,
          );
          bar.start(e.cases, e.done, { pass: 0, fail: 0, last: '' });
        } else {
          err(`${e.target}: ${e.cases} cases${e.done ? ` (${e.done} already done)` : ''}`);
        }
        break;
      case 'case':
        if (isPass(e.outcome)) counts.pass++;
        else if (isFailure(e.outcome)) counts.fail++;
        else counts.other++; // skipped, the harness's error, a broken test
        if (bar) bar.increment(1, { pass: counts.pass, fail: counts.fail, last: `${e.case.slice(0, 40)} ${e.outcome}` });
        else err(`  ${e.outcome.padEnd(10)} ${e.function} ${e.case}${e.category ? ` (${e.category})` : ''} ${e.ms} ms`);
        break;
      case 'collect-error':
        bar?.stop();
        err(`  ! ${e.file}: ${e.error}`);
        break;
      case 'worker-restart':
        if (!bar) err(`  worker restarted: ${e.reason}`);
        break;
      case 'target-unavailable':
        err(`${e.target}: skipped — ${e.problem}`);
        break;
      case 'target-end':
        bar?.stop();
        bar = null;
        break;
      case 'run-end':
        bar?.stop();
        break;
    }
  };
}
