import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import { PYTHON_DIR } from './paths.js';

/**
 * The one way portabench starts its own Python (`python -m portabench.<module>`):
 * the worker, `suite check`, `enumerate`. Here, in one place: the environment
 * (portabench's python/ first on PYTHONPATH, no bytecode files), a process group of
 * its own, a kill that takes the whole tree (also descendants that left the group
 * with setsid), and bounded tails of what it writes to stdout and stderr.
 */

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface LaunchSpec {
  python: string;
  /** The module run with `-m`, e.g. portabench.worker. */
  module: string;
  args?: string[];
  /** Added to (and overriding) the inherited environment. */
  env?: Record<string, string>;
  /** Pipes beyond stdin, stdout and stderr: descriptors 3, 4, … (default none). */
  extraPipes?: number;
  /** Bytes kept of each of stdout and stderr (default 16 KiB). */
  tailBytes?: number;
  /**
   * A process group of its own (default). false: stay in the caller's, so a Ctrl-C
   * at the terminal reaches it too (for a process without its own parent-death guard).
   */
  ownGroup?: boolean;
  /**
   * Start it in a network namespace of its own, with no interface but loopback
   * (`unshare --net`): for compilers that would reach a cloud service (libtpu's metadata
   * client). Refused, with the reason, where no such namespace can be made.
   */
  noNetwork?: boolean;
}

/**
 * Lookups a deviceless TPU compiler makes on its own, turned off: the cloud metadata
 * server (TPU_SKIP_MDS_QUERY and what it would have told), and JAX's backends other than
 * the CPU (nothing runs: a TPU backend would look for chips).
 */
export const OFFLINE_COMPILER_ENV: Record<string, string> = {
  TPU_SKIP_MDS_QUERY: '1',
  TPU_WORKER_ID: '0',
  TPU_WORKER_HOSTNAMES: 'localhost',
  JAX_PLATFORMS: 'cpu',
  // libtpu takes a lock file so that one process owns the chips; compiling owns none
  ALLOW_MULTIPLE_LIBTPU_LOAD: '1',
};

let unshareArgs: string[] | null | undefined;

/** How to make an empty network namespace here (root: `unshare --net`; else with a user namespace), or null. */
export function networkNamespaceArgs(): string[] | null {
  if (unshareArgs !== undefined) return unshareArgs;
  const candidates = process.getuid?.() === 0 ? [['--net'], ['--user', '--map-root-user', '--net']] : [['--user', '--map-root-user', '--net']];
  unshareArgs = candidates.find((a) => spawnSync('unshare', [...a, 'true'], { stdio: 'ignore' }).status === 0) ?? null;
  return unshareArgs;
}

export class NoNetworkNamespace extends Error {}

/** The last `max` characters of a stream. */
export class Tail {
  private text = '';
  constructor(private readonly max = 16 * 1024) {}
  push(chunk: Buffer | string) {
    this.text = (this.text + chunk.toString()).slice(-this.max);
  }
  get value() {
    return this.text;
  }
}

export function pythonEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env = { ...process.env, ...extra } as Record<string, string>;
  env.PYTHONPATH = env.PYTHONPATH ? `${PYTHON_DIR}${delimiter}${env.PYTHONPATH}` : PYTHON_DIR;
  env.PYTHONDONTWRITEBYTECODE = '1';
  return env;
}

/** A started Python process; `exit` is set once it has ended. */
export class PythonProcess {
  readonly stdout: Tail;
  readonly stderr: Tail;
  exit: Exit | null = null;
  /** Set when the process could not be started (no such interpreter, …). */
  startError: Error | null = null;
  private exitWaiters: Array<(e: Exit) => void> = [];

  constructor(
    readonly child: ChildProcess,
    tailBytes: number,
    private readonly ownGroup = true,
  ) {
    this.stdout = new Tail(tailBytes);
    this.stderr = new Tail(tailBytes);
    child.stdout?.on('data', (d: Buffer) => this.stdout.push(d));
    child.stderr?.on('data', (d: Buffer) => this.stderr.push(d));
    for (const s of child.stdio.slice(3)) s?.on('error', () => {});
    child.on('exit', (code, signal) => this.ended({ code, signal }));
    child.on('error', (err) => {
      this.startError ??= err;
      this.stderr.push(`\n${err.message}\n`);
      this.ended({ code: null, signal: null });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private ended(e: Exit) {
    this.exit ??= e;
    for (const f of this.exitWaiters.splice(0)) f(this.exit);
  }

  onExit(f: (e: Exit) => void): void {
    if (this.exit) f(this.exit);
    else this.exitWaiters.push(f);
  }

  /** The exit, or null when it has not come within `timeoutMs`. */
  waitExit(timeoutMs: number): Promise<Exit | null> {
    if (this.exit) return Promise.resolve(this.exit);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      this.onExit((e) => {
        clearTimeout(timer);
        resolve(e);
      });
    });
  }

  /** SIGKILL the process, its process group and every descendant it has. */
  kill(): void {
    const pid = this.child.pid;
    if (!pid) return;
    if (!this.exit) killTree(pid);
    if (this.ownGroup) signal(-pid, 'SIGKILL'); // what is left of its group, also after it has exited
  }
}

/** Start `python -m module args…` in a process group of its own. */
export function launchPython(spec: LaunchSpec): PythonProcess {
  const stdio: Array<'ignore' | 'pipe'> = ['ignore', 'pipe', 'pipe'];
  for (let i = 0; i < (spec.extraPipes ?? 0); i++) stdio.push('pipe');
  const ownGroup = spec.ownGroup ?? true;
  const argv = [spec.python, '-u', '-m', spec.module, ...(spec.args ?? [])];
  if (spec.noNetwork) {
    const ns = networkNamespaceArgs();
    if (!ns) throw new NoNetworkNamespace('refusing to start it with network access: no empty network namespace can be made here (unshare --net, or unshare --user --map-root-user --net, failed); run as root or enable unprivileged user namespaces');
    argv.unshift('unshare', ...ns); // unshare execs the command: same pid, same process group
  }
  const child = spawn(argv[0], argv.slice(1), { stdio, detached: ownGroup, env: pythonEnv(spec.env) });
  return new PythonProcess(child, spec.tailBytes ?? 16 * 1024, ownGroup);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* gone already */
  }
}

/** {pid: parent pid} of every process (Linux /proc; empty elsewhere). */
function parentTable(): Map<number, number> {
  const table = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return table;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      // the command name may hold spaces and parentheses: fields resume after the last ')'
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), Number(fields[1]));
    } catch {
      /* ended while we looked */
    }
  }
  return table;
}

/** Every descendant of `root`, found through parent links in /proc. */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parentTable()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const kid of children.get(queue.shift()!) ?? []) {
      if (!out.includes(kid)) {
        out.push(kid);
        queue.push(kid);
      }
    }
  }
  return out;
}

/**
 * SIGKILL `root` and all its descendants. They are stopped first (SIGSTOP), looking
 * again until no new one appears, so none can fork away while the tree is walked.
 */
export function killTree(root: number): void {
  const seen = new Set<number>([root]);
  signal(root, 'SIGSTOP');
  for (let round = 0; round < 10; round++) {
    const fresh = descendantsOf(root).filter((p) => !seen.has(p));
    if (!fresh.length) break;
    for (const p of fresh) {
      seen.add(p);
      signal(p, 'SIGSTOP');
    }
  }
  for (const p of seen) signal(p, 'SIGKILL');
}
