import type { Kysely } from 'kysely';
import type { FrameworkConfig } from '../envs/framework-config.js';
import { formatConfig } from '../model/target-id.js';
import { loadSuite } from '../suites/suite.js';
import type { Capabilities } from './capabilities.js';
import { runTask, type NewJob } from './queue.js';
import type { RunJobSpec } from './run-job.js';
import { fleetDb } from './tables.js';

export interface QueueAddOptions {
  suite: string;
  frameworks?: string[];
  devices?: string[];
  modes?: string[];
  /** Only agents with this label or hardware name take the jobs. */
  hardware?: string;
  maxAttempts: number;
  limits: Pick<RunJobSpec, 'timeoutS' | 'collectTimeoutS' | 'isolate' | 'timingLevel'>;
  /** --framework-config settings, by framework: each job of that framework carries its own. */
  frameworkConfig?: FrameworkConfig;
}

const uniq = (xs: string[]) => [...new Set(xs)].sort();

/**
 * One run job per matching target: the suite's frameworks (narrowed by -f) × the devices
 * and modes given, or else those the fleet's agents have announced for the framework (with
 * --hardware: the agents that have it), or else cpu and eager.
 */
export async function planRunJobs(db: Kysely<any>, o: QueueAddOptions): Promise<NewJob[]> {
  const suite = loadSuite(o.suite);
  // A suite given by path travels as its absolute path; a suite name is found in each agent's own install.
  const suiteRef = /[/\\]/.test(o.suite) || o.suite.startsWith('.') ? suite.dir : o.suite;
  const frameworks = Object.keys(suite.files).filter((f) => !o.frameworks?.length || o.frameworks.includes(f));
  const agents = await fleetDb(db).selectFrom('fleet_agents').select('capabilities').execute();
  const announced = agents
    .map((a) => JSON.parse(a.capabilities) as Capabilities)
    .filter((c) => !o.hardware || c.labels.includes(o.hardware) || c.targets.some((t) => t.hardware.includes(o.hardware!)))
    .flatMap((c) => c.targets);
  const jobs: NewJob[] = [];
  for (const framework of frameworks) {
    const mine = announced.filter((t) => t.framework === framework);
    const devices = o.devices?.length ? o.devices : uniq(mine.map((t) => t.device));
    for (const device of devices.length ? devices : ['cpu']) {
      const modes = o.modes?.length ? o.modes : uniq(mine.filter((t) => t.device === device).map((t) => t.mode));
      for (const mode of modes.length ? modes : ['eager']) {
        const settings = o.frameworkConfig?.[framework];
        const spec: RunJobSpec = { suite: suiteRef, framework, device, mode, requirement: o.hardware ?? null, ...o.limits, ...(settings && Object.keys(settings).length ? { frameworkConfig: settings } : {}) };
        jobs.push({ kind: 'run', task: runTask(spec, o.hardware), label: `${suite.name} on ${framework}/${device}/${mode}${formatConfig(settings)}${o.hardware ? `@${o.hardware}` : ''}`, spec, maxAttempts: o.maxAttempts });
      }
    }
  }
  return jobs;
}
