import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readSync, closeSync, fstatSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { z } from 'zod';
import { launchPython, OFFLINE_COMPILER_ENV, type Exit, type PythonProcess } from './launcher.js';
import { Fatal, Hello, PROTOCOL_VERSION, Started } from './protocol.js';
import { Violation, answerOf, boundedText } from './violation.js';

export type { Exit } from './launcher.js';

export interface WorkerSpec {
  python: string;
  framework: string;
  device?: string;
  mode?: string;
  probe?: boolean;
  env?: Record<string, string>;
  /** --framework-config settings for this worker's framework, applied at its start. */
  config?: Record<string, unknown>;
  /** Mode aot: the generation compiled for (tpu: v4, v5e, v5p, v6e). Its worker runs without a network. */
  aotTarget?: string;
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

/** Raised when what came back is not the answer to the request in flight; the worker must be replaced. */
export class ProtocolViolation extends Error {
  constructor(readonly received: string) {
    super(received);
  }
}

const TAIL = 16 * 1024;
/** An answer line longer than this is not one the worker would send. */
const MAX_LINE = 64 * 1024 * 1024;

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

/** A line from the answer pipe: its text, or the reason it is not one. */
type Line = { text: string } | { overflow: number };

/**
 * One Python worker process (python -m portabench.worker) for one framework/device/mode.
 * Requests go in on its fd 3, answers come out on its fd 4, one JSON object per line;
 * its stdout and stderr are kept as tails. It runs in its own process group, and a
 * kill takes its whole tree.
 *
 * Every request carries a sequence number and this worker's random nonce; `request`
 * accepts only an answer that echoes both, has the expected type and matches its
 * schema. Anything else is a ProtocolViolation: no test output can pass for an answer.
 */
export class WorkerProcess {
  hello!: Hello;
  private readonly nonce = randomBytes(12).toString('hex');
  private seq = 0;
  private inFlight = false;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private lines: Line[] = [];
  private waiter: (() => void) | null = null;
  /** The answer pipe has ended (or the worker has been gone a while). */
  private eof = false;

  private constructor(
    readonly spec: WorkerSpec,
    readonly proc: PythonProcess,
    readonly captureDir: string,
  ) {}

  get stdout() {
    return this.proc.stdout;
  }
  get stderr() {
    return this.proc.stderr;
  }
  get exit(): Exit | null {
    return this.proc.exit;
  }

  static async start(spec: WorkerSpec, startTimeoutMs = 180_000): Promise<WorkerProcess> {
    const captureDir = mkdtempSync(join(tmpdir(), 'portabench-capture-'));
    const args = ['--framework', spec.framework, '--mode', spec.mode ?? 'eager', '--capture-dir', captureDir];
    if (spec.device) args.push('--device', spec.device);
    if (spec.probe) args.push('--probe');
    if (spec.config && Object.keys(spec.config).length) args.push('--framework-config', JSON.stringify(spec.config));
    if (spec.aotTarget) args.push('--aot-target', spec.aotTarget);
    // An ahead-of-time compiler (libtpu) carries a cloud metadata client: no network for it.
    const offline = spec.mode === 'aot';
    // inductor's compile workers would be killed with the processes each case leaves behind
    const env = { TORCHINDUCTOR_COMPILE_THREADS: process.env.TORCHINDUCTOR_COMPILE_THREADS ?? '1', ...(offline ? OFFLINE_COMPILER_ENV : {}), ...spec.env };
    let proc: PythonProcess;
    try {
      proc = launchPython({ python: spec.python, module: 'portabench.worker', args, env, extraPipes: 2, tailBytes: TAIL, noNetwork: offline });
    } catch (err) {
      rmSync(captureDir, { recursive: true, force: true });
      throw new WorkerStartError(`cannot start ${spec.python}: ${(err as Error).message}`, 'spawn', '');
    }
    const w = new WorkerProcess(spec, proc, captureDir);
    w.wire();
    const first = await w.nextMessage(startTimeoutMs).catch((err: unknown) => {
      w.dispose();
      if (err instanceof WorkerLost) {
        const why = err.reason === 'timeout' ? `did not start within ${startTimeoutMs / 1000} s` : describeExit(err.exit);
        throw new WorkerStartError(`${spec.framework} worker (${spec.python}) ${why}`, 'start', w.stderr.value);
      }
      throw new WorkerStartError(`${spec.framework} worker sent an unreadable first message: ${(err as Error).message}`, 'protocol', w.stderr.value);
    });
    const fatal = Fatal.safeParse(first);
    if (fatal.success) {
      await w.proc.waitExit(5000);
      w.dispose();
      const e = fatal.data.error;
      throw new WorkerStartError(`${spec.framework}: ${e.type}: ${e.message}`, fatal.data.stage, e.traceback);
    }
    const hello = Hello.safeParse(first);
    if (!hello.success) {
      w.dispose();
      throw new WorkerStartError(`${spec.framework} worker sent an unexpected first message: ${boundedText(JSON.stringify(first), 200)}`, 'protocol', '');
    }
    if (hello.data.protocol !== PROTOCOL_VERSION) {
      w.dispose();
      throw new WorkerStartError(`worker speaks protocol ${hello.data.protocol}, this portabench speaks ${PROTOCOL_VERSION}`, 'protocol', '');
    }
    w.hello = hello.data;
    return w;
  }

  private wire() {
    const out = this.proc.child.stdio[4] as Readable;
    out.on('data', (d: Buffer) => this.onData(d));
    const end = () => {
      this.eof = true;
      this.wake();
    };
    out.on('close', end);
    // a process the worker forked may hold the pipe open after the worker is gone
    this.proc.onExit(() => setTimeout(end, 200).unref());
  }

  private onData(d: Buffer) {
    let start = 0;
    let nl: number;
    while ((nl = d.indexOf(10, start)) >= 0) {
      this.pending.push(d.subarray(start, nl));
      const text = Buffer.concat(this.pending).toString('utf8');
      this.lines.push(this.pendingBytes + nl - start > MAX_LINE ? { overflow: this.pendingBytes + nl - start } : { text });
      this.pending = [];
      this.pendingBytes = 0;
      start = nl + 1;
    }
    if (start < d.length) {
      const rest = d.subarray(start);
      this.pendingBytes += rest.length;
      // past the limit keep only its head, to say what it was
      if (this.pendingBytes <= MAX_LINE || this.pending.length === 0) this.pending.push(rest);
    }
    this.wake();
  }

  private wake() {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** The next line, or WorkerLost when the worker dies or `timeoutMs` passes first. */
  private async nextLine(timeoutMs: number): Promise<Line> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.shift();
      if (line) return line;
      if (this.eof) {
        const e = this.exit ?? (await this.proc.waitExit(2000));
        throw new WorkerLost('crash', e, describeExit(e));
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new WorkerLost('timeout', null, `no answer within ${timeoutMs / 1000} s`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.waiter = null;
          resolve();
        }, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** The next message before any request (the hello); throws on a line that is not JSON. */
  private async nextMessage(timeoutMs: number): Promise<unknown> {
    const line = await this.nextLine(timeoutMs);
    if (!('text' in line)) throw new Error(`a line of ${line.overflow} bytes`);
    return JSON.parse(line.text);
  }

  /**
   * Send a request and wait for its answer of type `type`, validated by `schema`.
   * WorkerLost when the worker dies or the time runs out; ProtocolViolation when
   * anything else arrives first (a "started" notice is accepted for "run" and "run_group").
   */
  async request<S extends z.ZodTypeAny>(message: Record<string, unknown> & { type: string }, type: string, schema: S, timeoutMs: number): Promise<z.infer<S>> {
    const stray = this.unsolicited();
    if (stray) throw stray;
    const seq = ++this.seq;
    this.inFlight = true;
    try {
      this.send({ ...message, seq, nonce: this.nonce });
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = await this.nextLine(Math.max(1, deadline - Date.now()));
        if (!('text' in line)) throw new ProtocolViolation(`an answer line of ${line.overflow} bytes (the limit is ${MAX_LINE})`);
        if (!line.text.trim()) continue;
        const answer = answerOf(line.text, { seq, nonce: this.nonce, type, also: message.type === 'run' || message.type === 'run_group' ? { started: Started } : {} }, schema);
        if (answer instanceof Violation) throw new ProtocolViolation(answer.message);
        if (answer.type === type) return answer.value as z.infer<S>;
      }
    } finally {
      this.inFlight = false;
    }
  }

  /** A violation for output that reached the answer pipe while no request was in flight. */
  unsolicited(): ProtocolViolation | null {
    if (this.inFlight) return null;
    const line = this.lines.find((l) => !('text' in l) || l.text.trim());
    if (!line && !this.pendingBytes) return null;
    const what = !line ? Buffer.concat(this.pending).toString('utf8') : 'text' in line ? line.text : `a line of ${line.overflow} bytes`;
    return new ProtocolViolation(`output on the answer pipe between requests: ${boundedText(what)}`);
  }

  send(message: unknown): void {
    const input = this.proc.child.stdio[3] as Writable;
    if (!input.writable) return;
    input.write(`${JSON.stringify(message)}\n`);
  }

  waitExit(timeoutMs: number): Promise<Exit | null> {
    return this.proc.waitExit(timeoutMs);
  }

  /** Output the current case wrote before the worker died (its capture files). */
  captureTails(): { stdout: string; stderr: string } {
    return { stdout: readTail(join(this.captureDir, 'stdout')), stderr: readTail(join(this.captureDir, 'stderr')) };
  }

  /** Kill the worker, its process group and every process it started. */
  kill(): void {
    this.proc.kill();
  }

  async stop(): Promise<void> {
    if (!this.exit) {
      this.send({ type: 'shutdown' });
      const e = await this.waitExit(5000);
      if (!e) this.kill();
      await this.waitExit(5000);
    }
    this.proc.kill(); // anything it left in its process group
    rmSync(this.captureDir, { recursive: true, force: true });
  }

  dispose(): void {
    this.kill();
    rmSync(this.captureDir, { recursive: true, force: true });
  }
}
