import { sql, type Kysely } from 'kysely';
import type { Grid } from '../report/grids.js';
import type { Document } from '../report/render.js';
import type { Capabilities } from './capabilities.js';
import { jobKey, QUEUE_SCHEMA } from './queue.js';
import { fleetDb } from './tables.js';

export interface JobStatus {
  id: number;
  kind: string;
  label: string;
  /** queued | running | retrying | done | failed; `running` on a lost agent reads `running (agent lost)`. */
  status: string;
  agent: string | null;
  run_id: number | null;
  attempts: number;
  max_attempts: number;
  /** Why the last attempt failed (or why the job went back to the queue). */
  error: string | null;
  /** When a retry may start (the queue's back-off), if one is waiting. */
  retry_at: string | null;
  updated_at: string;
}

export interface AgentStatus {
  id: string;
  host: string;
  labels: string[];
  targets: string[];
  mine: boolean;
  status: string;
  current_job: number | null;
  heartbeat_s_ago: number;
  lease_s: number;
  started_at: string;
}

export interface QueueStatus {
  jobs: JobStatus[];
  agents: AgentStatus[];
  counts: Record<string, number>;
}

const iso = (v: Date | string) => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());

/** Every fleet job with the queue's live view of it, and every agent with its heartbeat's age (database time). */
export async function queueStatus(db: Kysely<any>, opts: { queue?: boolean } = {}): Promise<QueueStatus> {
  const f = fleetDb(db);
  const jobs = await f.selectFrom('fleet_jobs').selectAll().orderBy('id').execute();
  const live = new Map<string, { attempts: number; run_at: Date; locked_by: string | null; last_error: string | null }>();
  if (opts.queue !== false) {
    const rows = await sql<{ key: string; attempts: number; run_at: Date; locked_by: string | null; last_error: string | null }>`SELECT key, attempts, run_at, locked_by, last_error FROM ${sql.id(QUEUE_SCHEMA, 'jobs')} WHERE key IS NOT NULL`
      .execute(db)
      .catch(() => ({ rows: [] }));
    for (const r of rows.rows) live.set(r.key, r);
  }
  const agentRows = await f
    .selectFrom('fleet_agents')
    .selectAll()
    .select(sql<number>`EXTRACT(EPOCH FROM now() - heartbeat_at)`.as('age'))
    .orderBy('started_at')
    .execute();
  const agents: AgentStatus[] = agentRows.map((a) => {
    const caps = JSON.parse(a.capabilities) as Capabilities;
    const age = Number(a.age);
    const stale = (a.status === 'idle' || a.status === 'busy') && age > a.lease_s;
    return {
      id: a.id,
      host: a.host,
      labels: caps.labels,
      targets: caps.targets.map((t) => `${t.framework}/${t.device}/${t.mode}`),
      mine: caps.mine,
      status: stale ? `${a.status} (no heartbeat: lost)` : a.status,
      current_job: a.current_job,
      heartbeat_s_ago: Math.round(age * 10) / 10,
      lease_s: a.lease_s,
      started_at: iso(a.started_at),
    };
  });
  const lost = new Set(agents.filter((a) => a.status === 'lost' || a.status.endsWith('lost)')).map((a) => a.id));
  const out: JobStatus[] = jobs.map((j) => {
    const q = live.get(jobKey(j.id));
    const waiting = q && !q.locked_by && q.attempts > 0 && q.attempts < (j.max_attempts ?? 0) && new Date(q.run_at).getTime() > Date.now();
    return {
      id: j.id,
      kind: j.kind,
      label: j.label,
      status: j.status === 'running' && j.agent && lost.has(j.agent) ? 'running (agent lost)' : j.status,
      agent: j.agent,
      run_id: j.run_id,
      attempts: q ? q.attempts : j.attempts,
      max_attempts: j.max_attempts,
      error: j.error ?? q?.last_error ?? null,
      retry_at: waiting ? iso(q.run_at) : null,
      updated_at: iso(j.updated_at),
    };
  });
  const counts: Record<string, number> = {};
  for (const j of out) counts[j.status] = (counts[j.status] ?? 0) + 1;
  return { jobs: out, agents, counts };
}

const firstLine = (s: string | null) => (s ? (s.split('\n')[0]!.length > 160 ? `${s.split('\n')[0]!.slice(0, 157)}…` : s.split('\n')[0]!) : '');

/** `queue status` as a Document: the jobs table and the agents table (text, md, json). */
export function queueStatusDocument(s: QueueStatus): Document {
  const jobs: Grid = {
    id: 'jobs',
    title: 'Jobs',
    caption: 'Every job handed out through the queue: where it ran, its run, its attempts and why it failed.',
    head: ['job', 'what', 'status', 'agent', 'run', 'attempts', 'why'],
    rows: s.jobs.map((j) => [String(j.id), j.label, j.retry_at ? `${j.status} (retry at ${j.retry_at})` : j.status, j.agent ?? '', j.run_id === null ? '' : String(j.run_id), `${j.attempts}/${j.max_attempts}`, firstLine(j.error)]),
    numeric: [0, 4],
  };
  const agents: Grid = {
    id: 'agents',
    title: 'Agents',
    caption: 'Agents that have announced themselves, with what they can run and their last heartbeat.',
    head: ['agent', 'host', 'status', 'job', 'heartbeat', 'labels', 'targets'],
    rows: s.agents.map((a) => [a.id, a.host, a.status, a.current_job === null ? '' : String(a.current_job), `${a.heartbeat_s_ago} s ago (lease ${a.lease_s} s)`, a.labels.join(', '), `${a.targets.join(', ')}${a.mine ? `${a.targets.length ? ', ' : ''}mining` : ''}`]),
    numeric: [],
  };
  const summary = Object.entries(s.counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  return { data: s, header: [`${s.jobs.length} job(s)${summary ? `: ${summary}` : ''}; ${s.agents.length} agent(s)`], grids: [jobs, agents] };
}
