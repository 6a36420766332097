import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readSync, closeSync, fstatSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, delimiter } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { PYTHON_DIR } from './paths.js';
import { Fatal, Hello, PROTOCOL_VERSION } from './protocol.js';

export interface WorkerSpec {
  python: string;
  framework: string;
  device?: string;
  mode?: string;
  probe?: boolean;
  env?: Record<string, string>;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Raised when the worker could not start (framework missing, device absent, …). */
export class WorkerStartError extends Error {
  constructor(
    message: string,
    readonly stage: string,
    readonly detail: string,
  ) {
    super(message);
  }
}

/** Raised when a request gets no answer: the worker died or ran out of time. */
export class WorkerLost extends Error {
  constructor(
    readonly reason: 'timeout' | 'crash',
    readonly exit: Exit | null,
    message: string,
  ) {
    super(message);
  }
}

const TAIL = 16 * 1024;

class Tail {
  private text = '';
  push(chunk: Buffer | string) {
    this.text = (this.text + chunk.toString()).slice(-TAIL);
  }
  get value() {
    return this.text;
  }
}

/** Last `max` bytes of a file, or '' when it cannot be read. */
export function readTail(path: string, max = TAIL): string {
  try {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const len = Math.min(size, max);
      const buf = Buffer.alloc(len);
      readSync(fd, buf, 0, len, size - len);
      return buf.toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}

export function describeExit(exit: Exit | null): string {
  if (!exit) return 'worker lost';
  if (exit.signal) return `worker killed by signal ${exit.signal}`;
  return `worker exited with status ${exit.code}`;
}

/**
 * One Python worker process (python -m portabench.worker) for one framework/device/mode.
 * Requests go in on its fd 3, answers come out on its fd 4, one JSON object per line;
 * its stdout and stderr are kept as tails. It runs in its own process group, so a
 * kill takes whatever it started with it.
 */
export class WorkerProcess {
  readonly stdout = new Tail();
  readonly stderr = new Tail();
  readonly captureDir: string;
  hello!: Hello;
  exit: Exit | null = null;
  private buffer = '';
  private queue: unknown[] = [];
  private waiter: ((m: unknown) => void) | null = null;
  private exitWaiters: Array<(e: Exit) => void> = [];

  private constructor(readonly spec: WorkerSpec, readonly child: ChildProcess) {
    this.captureDir = '';
  }

  static async start(spec: WorkerSpec, startTimeoutMs = 180_000): Promise<WorkerProcess> {
    const captureDir = mkdtempSync(join(tmpdir(), 'portabench-capture-'));
    const args = ['-u', '-m', 'portabench.worker', '--framework', spec.framework, '--mode', spec.mode ?? 'eager', '--capture-dir', captureDir];
    if (spec.device) args.push('--device', spec.device);
    if (spec.probe) args.push('--probe');
    const env = { ...process.env, ...spec.env } as Record<string, string>;
    env.PYTHONPATH = env.PYTHONPATH ? `${PYTHON_DIR}${delimiter}${env.PYTHONPATH}` : PYTHON_DIR;
    env.PYTHONDONTWRITEBYTECODE = '1';
    let child: ChildProcess;
    try {
      child = spawn(spec.python, args, { stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'], detached: true, env });
    } catch (err) {
      throw new WorkerStartError(`cannot start ${spec.python}: ${(err as Error).message}`, 'spawn', '');
    }
    const w = new WorkerProcess(spec, child);
    (w as { captureDir: string }).captureDir = captureDir;
    w.wire();
    const first = await w.next(startTimeoutMs).catch((err: unknown) => {
      w.kill();
      if (err instanceof WorkerLost) {
        const why = err.reason === 'timeout' ? `did not start within ${startTimeoutMs / 1000} s` : describeExit(err.exit);
        throw new WorkerStartError(`${spec.framework} worker (${spec.python}) ${why}`, 'start', w.stderr.value);
      }
      throw err;
    });
    const fatal = Fatal.safeParse(first);
    if (fatal.success) {
      await w.waitExit(5000);
      w.kill();
      const e = fatal.data.error;
      throw new WorkerStartError(`${spec.framework}: ${e.type}: ${e.message}`, fatal.data.stage, e.traceback);
    }
    const hello = Hello.safeParse(first);
    if (!hello.success) {
      w.kill();
      throw new WorkerStartError(`${spec.framework} worker sent an unexpected first message: ${JSON.stringify(first).slice(0, 200)}`, 'protocol', '');
    }
    if (hello.data.protocol !== PROTOCOL_VERSION) {
      w.kill();
      throw new WorkerStartError(`worker speaks protocol ${hello.data.protocol}, this portabench speaks ${PROTOCOL_VERSION}`, 'protocol', '');
    }
    w.hello = hello.data;
    return w;
  }

  private wire() {
    const out = this.child.stdio[4] as Readable;
    this.child.stdout!.on('data', (d: Buffer) => this.stdout.push(d));
    this.child.stderr!.on('data', (d: Buffer) => this.stderr.push(d));
    out.on('data', (d: Buffer) => this.onData(d));
    out.on('error', () => {});
    (this.child.stdio[3] as Writable).on('error', () => {});
    this.child.on('exit', (code, signal) => {
      this.exit = { code, signal };
      for (const f of this.exitWaiters.splice(0)) f(this.exit);
      this.deliver(undefined);
    });
    this.child.on('error', (err) => {
      this.stderr.push(`\n${err.message}\n`);
      this.exit ??= { code: null, signal: null };
      for (const f of this.exitWaiters.splice(0)) f(this.exit!);
      this.deliver(undefined);
    });
  }

  private onData(d: Buffer) {
    this.buffer += d.toString('utf8');
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      if (!line.trim()) continue;
      let msg: unknown;
      try {
        msg = JSON.parse(line);
      } catch {
        this.stderr.push(`\n[portabench: unparseable protocol line: ${line.slice(0, 200)}]\n`);
        continue;
      }
      this.deliver(msg);
    }
  }

  private deliver(msg: unknown) {
    if (msg !== undefined) this.queue.push(msg);
    if (this.waiter && (this.queue.length || this.exit)) {
      const w = this.waiter;
      this.waiter = null;
      w(this.queue.length ? this.queue.shift() : undefined);
    }
  }

  /** The next message, or WorkerLost when the worker dies or `timeoutMs` passes first. */
  next(timeoutMs: number): Promise<unknown> {
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    if (this.exit) return Promise.reject(new WorkerLost('crash', this.exit, describeExit(this.exit)));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new WorkerLost('timeout', null, `no answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.waiter = (m) => {
        clearTimeout(timer);
        if (m === undefined) {
          // the exit event may trail the end of the pipe: give it a moment
          this.waitExit(2000).then((e) => reject(new WorkerLost('crash', e, describeExit(e))));
        } else resolve(m);
      };
    });
  }

  /** Wait for a message of the given type, ignoring others (e.g. "started"). */
  async expect(type: string, timeoutMs: number): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = (await this.next(Math.max(1, deadline - Date.now()))) as Record<string, unknown>;
      if (m && m.type === type) return m;
    }
  }

  send(message: unknown): void {
    const input = this.child.stdio[3] as Writable;
    if (!input.writable) return;
    input.write(`${JSON.stringify(message)}\n`);
  }

  waitExit(timeoutMs: number): Promise<Exit | null> {
    if (this.exit) return Promise.resolve(this.exit);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      this.exitWaiters.push((e) => {
        clearTimeout(timer);
        resolve(e);
      });
    });
  }

  /** Output the current case wrote before the worker died (its capture files). */
  captureTails(): { stdout: string; stderr: string } {
    return { stdout: readTail(join(this.captureDir, 'stdout')), stderr: readTail(join(this.captureDir, 'stderr')) };
  }

  /** Kill the worker's whole process group. */
  kill(): void {
    const pid = this.child.pid;
    if (pid && !this.exit) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        try {
          this.child.kill('SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
  }

  async stop(): Promise<void> {
    if (!this.exit) {
      this.send({ type: 'shutdown' });
      const e = await this.waitExit(5000);
      if (!e) this.kill();
      await this.waitExit(5000);
    }
    rmSync(this.captureDir, { recursive: true, force: true });
  }

  dispose(): void {
    this.kill();
    rmSync(this.captureDir, { recursive: true, force: true });
  }
}
