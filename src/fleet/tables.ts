import type { Kysely } from 'kysely';

/** Tables of migration 007_fleet. Times are PostgreSQL timestamptz (the queue needs PostgreSQL). */
export interface FleetTables {
  fleet_agents: {
    id: string;
    host: string;
    pid: number;
    labels: string; // JSON: string[]
    capabilities: string; // JSON: Capabilities
    tasks: string; // JSON: the queue task identifiers it serves
    lease_s: number;
    status: string; // idle | busy | stopped | lost
    current_job: number | null;
    /** graphile-worker's id for this agent's worker pool (its jobs' locked_by). */
    queue_worker: string | null;
    portabench_version: string;
    started_at: Date | string;
    heartbeat_at: Date | string;
  };
  fleet_jobs: {
    id: number;
    kind: string; // run | mine
    task: string;
    label: string; // what it is, for people: "smoke on jax/cpu/eager", "torchvision shard 3/12"
    spec: string; // JSON: RunJobSpec | MineJobSpec
    status: string; // queued | running | retrying | done | failed
    agent: string | null;
    run_id: number | null;
    attempts: number;
    max_attempts: number;
    error: string | null;
    created_at: Date | string;
    updated_at: Date | string;
  };
  mining_distributed: { corpus: string; inputs: string; options: string; shards: number; status: string; created_at: Date | string };
  mining_shards: { corpus: string; shard: number; files: number; parsed: number; bytes: number; agent: string };
  mining_shard_skipped: { corpus: string; shard: number; reason: string; n: number };
  mining_shard_frameworks: { corpus: string; shard: number; framework: string; files_importing: number };
  mining_shard_frequencies: { corpus: string; shard: number; framework: string; name: string; calls: number; refs: number; files: number };
  mining_shard_file_sets: { corpus: string; shard: number; framework: string; names: string; files: number };
  mining_shard_methods: { corpus: string; shard: number; framework: string; method: string; calls: number; files: number };
}

/** The fleet's view of a Store's Kysely handle (`store.db`). */
export function fleetDb(db: Kysely<any>): Kysely<FleetTables> {
  return db as Kysely<FleetTables>;
}
