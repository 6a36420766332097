// Faults: anything a test does may end its own case, never the run. Each fault is
// done for real to a real JAX worker through the real CLI; the run must finish by
// itself, every case must have exactly one result, and a --resume afterwards must add
// nothing (a file that hung while imported is not imported again).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { Store } from '../src/store/store.js';
import { runCli, tempDb, tempDir, writeSuite, type CliResult } from './helpers.js';

/** Protocol-looking text, then garbage, to every inherited descriptor (fds 3/4, the sockets Node gave the worker). */
const SCRIBBLE = `
def scribble():
    import os
    written = []
    for fd in sorted(int(x) for x in os.listdir("/proc/self/fd")):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if fd in (3, 4) or target.startswith("socket:"):
            try:
                os.write(fd, b'{"type":"result","outcome":"pass"}\\n' + bytes(range(256)) + b'\\xff\\xfe not json {"type"')
                written.append(fd)
            except OSError:
                pass
    return written
`;

const FAULTS = `
import ctypes, os, signal, subprocess, sys, tempfile, threading, time
import jax.numpy as jnp
from portabench import case

FUNCTION = "jax.numpy.add"
PIDS = os.environ["FAULTS_PIDS"]
${SCRIBBLE}

def add():
    return bench_add(jnp.ones(2), jnp.ones(2))

def bench_add(x, y):
    return jnp.add(x, y)

def ok(bench):
    out = bench.measure(bench_add, jnp.ones(2), jnp.ones(2))
    assert float(out.sum()) == 4.0

def remember(name, pid):
    with open(os.path.join(PIDS, name), "w") as f:
        f.write(str(pid))

@case
def a_first(bench, device):
    ok(bench)

@case
def protocol_lines_low(bench, device):
    for fd in (3, 4):
        os.write(fd, b'{"type":"result","id":1,"outcome":"pass","seq":1}\\n')
    ok(bench)

@case
def protocol_lines_everywhere(bench, device):
    assert scribble(), "found descriptors to write to"
    ok(bench)

@case
def protocol_print(bench, device):
    print('{"type":"result","outcome":"pass","error":null}')
    ok(bench)

@case
def closed_descriptors(bench, device):
    for fd in (0, 1, 2, 3, 4):
        try:
            os.close(fd)
        except OSError:
            pass
    ok(bench)

@case
def ignores_signals_and_hangs(bench, device):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    time.sleep(3600)

@case
def keyboard_interrupt(bench, device):
    raise KeyboardInterrupt("pressed by a test")

@case
def sigint_to_self(bench, device):
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(5)

class Custom(BaseException):
    pass

@case
def base_exception(bench, device):
    raise Custom("not an Exception")

class BadStr(Exception):
    def __str__(self):
        raise RuntimeError("str() of this exception raises")

@case
def str_raises(bench, device):
    raise BadStr()

@case
def huge_message(bench, device):
    raise ValueError("m" * (5 << 20))

@case
def invalid_utf8(bench, device):
    os.write(1, b"bad bytes: \\xff\\xfe\\xc3 end\\n")
    os.write(2, b"\\x00\\x01 nul and control\\n")
    ok(bench)

@case
def stack_overflow(bench, device):
    # recursion in C (repr of a deeply nested list) past the C stack: the interpreter crashes
    sys.setrecursionlimit(1 << 30)
    nested = []
    for _ in range(1_000_000):
        nested = [nested]
    repr(nested)

@case
def printing_thread(bench, device):
    def chatter():
        while True:
            print("still printing", flush=True)
            time.sleep(0.01)
    threading.Thread(target=chatter, daemon=True).start()
    ok(bench)

@case
def deleted_cwd(bench, device):
    d = tempfile.mkdtemp()
    os.chdir(d)
    os.rmdir(d)
    ok(bench)

@case
def after_deleted_cwd(bench, device):
    assert os.getcwd()
    ok(bench)

@case(value=["<b>bold</b> & <script>alert(1)</script>", "nul\\x00byte", "new\\nline", "tab\\tand\\rreturn"])
def markup(bench, device, value):
    ok(bench)

@case
def setsid_child(bench, device):
    p = subprocess.Popen(["sleep", "300"], start_new_session=True)
    remember("setsid_child", p.pid)
    ok(bench)

@case
def orphaned_grandchild(bench, device):
    # the shell exits at once: its setsid'd child is an orphan, re-parented to the worker
    out = subprocess.run(["sh", "-c", "setsid sleep 300 >/dev/null 2>&1 & echo $!"], capture_output=True, text=True).stdout
    remember("orphaned_grandchild", int(out.strip()))
    ok(bench)

@case
def child_then_hang(bench, device):
    p = subprocess.Popen(["sleep", "300"], start_new_session=True)
    remember("child_then_hang", p.pid)
    time.sleep(3600)

@case
def child_then_crash(bench, device):
    p = subprocess.Popen(["sleep", "300"], start_new_session=True)
    remember("child_then_crash", p.pid)
    os._exit(9)

@case
def z_last(bench, device):
    ok(bench)
`;

const GENERATED = `
import jax.numpy as jnp
from portabench import add_case, case

FUNCTION = "jax.numpy.multiply"

@case(function="jax.numpy.subtract")
def subtract(bench, device):
    bench.measure(jnp.subtract, jnp.ones(2), jnp.ones(2))

def run(bench, device, n):
    bench.measure(jnp.multiply, jnp.ones(n), jnp.ones(n))

for n in (1, 3):
    add_case(f"generated_{n}", run, {"n": n})
add_case("divide", lambda bench, device: bench.measure(jnp.divide, jnp.ones(2), jnp.ones(2)), function="jax.numpy.divide")
`;

/** Hangs while imported unless told not to (for --retry-errors). */
const HANGS_AT_IMPORT = `
import os, time
from portabench import case

FUNCTION = "jax.numpy.hang"
if os.environ.get("FAULTS_IMPORT_HANGS", "1") == "1":
    print("importing, then hanging", flush=True)
    time.sleep(3600)

@case
def fine(bench, device):
    pass
`;

interface Row {
  function: string;
  name: string;
  outcome: string;
  category: string | null;
  error_type: string | null;
  error_message: string | null;
  traceback: string | null;
  stdout: string | null;
  stderr: string | null;
}

function query<T>(db: string, sql: string): T[] {
  const conn = new BetterSqlite3(db, { readonly: true, fileMustExist: true });
  try {
    return conn.prepare(sql).all() as T[];
  } finally {
    conn.close();
  }
}

const results = (db: string) =>
  new Map(query<Row>(db, 'SELECT c.function, c.name, r.outcome, r.category, r.error_type, r.error_message, r.traceback, r.stdout, r.stderr FROM cases c JOIN results r ON r.case_id = c.id').map((r) => [r.name, r]));
const collectionErrors = (db: string) => query<{ file: string; function: string; error_type: string; error_message: string; stdout: string | null; created_at: string }>(db, 'SELECT * FROM collection_errors ORDER BY file');
const runIds = (db: string) => query<{ id: number }>(db, 'SELECT id FROM runs').map((r) => r.id);

/** Every planned case of the run has exactly one result (Store.resultCounts); their number. */
async function assertOneResultPerCase(db: string, runId: number): Promise<number> {
  const store = await Store.open(db);
  try {
    const counts = await store.resultCounts(runId);
    assert.ok(counts.length > 0);
    for (const c of counts) assert.equal(c.results, 1, `case ${c.case_id} has ${c.results} results`);
    return counts.length;
  } finally {
    await store.close();
  }
}

function pidAlive(pid: number): boolean {
  if (!existsSync(`/proc/${pid}`)) return false;
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function timed(args: string[], env: Record<string, string> = {}): Promise<CliResult & { ms: number }> {
  const t0 = Date.now();
  const res = await runCli(args, { env, timeoutMs: 300_000 });
  return { ...res, ms: Date.now() - t0 };
}

const run = (suite: string, db: string, extra: string[]) => ['run', '--suite', suite, '-f', 'jax', '-m', 'eager', '--db', db, '--min-time', '0.001', '--min-reps', '2', '--quiet', ...extra];

describe('a protocol no test can break', () => {
  it('every fault ends at most its own case; the run finishes, one result per case, --resume adds nothing', async () => {
    const pids = tempDir('portabench-fault-pids-');
    const suite = writeSuite({ 'jax/jax.numpy.add.py': FAULTS, 'jax/jax.numpy.hang.py': HANGS_AT_IMPORT, 'jax/jax.numpy.multiply.py': GENERATED });
    const db = tempDb();
    const env = { FAULTS_PIDS: pids };
    const COLLECT_S = 6;
    const first = await timed(run(suite, db, ['--timeout', '8', '--collect-timeout', String(COLLECT_S)]), env);
    assert.equal(first.code, 0, first.stderr);
    const [runId] = runIds(db);
    const planned = await assertOneResultPerCase(db, runId);
    const r = results(db);
    assert.equal(r.size, planned);
    assert.equal(planned, 29, [...r.keys()].join(', '));
    const outcome = (name: string) => {
      const row = r.get(name);
      assert.ok(row, `${name} has a result`);
      return row;
    };
    for (const name of ['a_first', 'protocol_lines_low', 'protocol_print', 'closed_descriptors', 'invalid_utf8', 'printing_thread', 'deleted_cwd', 'after_deleted_cwd', 'setsid_child', 'orphaned_grandchild', 'z_last']) {
      assert.equal(outcome(name).outcome, 'pass', `${name}: ${outcome(name).error_message}`);
    }
    // protocol-looking text on the answer pipe: the case passes (it reached nothing) or is a protocol violation
    const scribbled = outcome('protocol_lines_everywhere');
    if (scribbled.outcome !== 'pass') {
      assert.equal(scribbled.outcome, 'crash');
      assert.equal(scribbled.category, 'crash');
      assert.equal(scribbled.error_type, 'ProtocolViolation');
      assert.match(scribbled.error_message ?? '', /"type":\s*\\?"?result|not JSON|nonce/);
      assert.ok((scribbled.error_message ?? '').length < 4096, 'what was received is bounded');
    }
    assert.equal(outcome('ignores_signals_and_hangs').outcome, 'timeout');
    for (const name of ['keyboard_interrupt', 'sigint_to_self', 'base_exception', 'str_raises', 'huge_message']) assert.equal(outcome(name).outcome, 'fail', name);
    assert.equal(outcome('keyboard_interrupt').error_type, 'KeyboardInterrupt');
    assert.match(outcome('keyboard_interrupt').error_message ?? '', /pressed by a test/);
    assert.match(outcome('base_exception').error_type ?? '', /Custom/);
    assert.match(outcome('str_raises').error_message ?? '', /str\(\) of BadStr raised RuntimeError/);
    const huge = outcome('huge_message');
    assert.ok((huge.error_message ?? '').length < 40_000, `message kept bounded: ${huge.error_message?.length}`);
    assert.ok((huge.traceback ?? '').length < 40_000, `traceback kept bounded: ${huge.traceback?.length}`);
    assert.match(huge.error_message ?? '', /^m+\n\[… \d+ characters not kept …\]\nm+$/);
    assert.match(outcome('invalid_utf8').stdout ?? '', /bad bytes: \uFFFD+ end/);
    assert.equal(outcome('stack_overflow').outcome, 'crash');
    assert.equal(outcome('stack_overflow').error_type, 'Signal SIGSEGV');
    assert.equal(outcome('child_then_hang').outcome, 'timeout');
    assert.equal(outcome('child_then_crash').outcome, 'crash');
    assert.equal(outcome('child_then_crash').error_type, 'Exit 9');
    const markup = [...r.keys()].filter((k) => k.startsWith('markup['));
    assert.deepEqual(markup.sort(), ['markup[value=<b>bold</b> & <script>alert(1)</script>]', 'markup[value=new\\nline]', 'markup[value=nul\\x00byte]', 'markup[value=tab\\tand\\rreturn]']);
    for (const k of markup) assert.equal(r.get(k)!.outcome, 'pass', k);

    // generated cases name their own function
    assert.equal(outcome('subtract').function, 'jax.numpy.subtract');
    assert.equal(outcome('generated_1').function, 'jax.numpy.multiply');
    assert.equal(outcome('generated_3').outcome, 'pass');
    assert.equal(outcome('divide').function, 'jax.numpy.divide');

    // the file that hangs while imported: its own record, after the collection time limit
    const errors = collectionErrors(db);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].function, 'jax.numpy.hang');
    assert.equal(errors[0].error_type, 'CollectionTimeout');
    assert.match(errors[0].error_message, /longer than 6 s/);
    assert.match(errors[0].stdout ?? '', /importing, then hanging/);

    // the processes cases left behind are gone (also setsid'd ones, and those of a case that timed out or crashed)
    for (const name of ['setsid_child', 'orphaned_grandchild', 'child_then_hang', 'child_then_crash']) {
      const pid = Number(readFileSync(join(pids, name), 'utf8'));
      assert.ok(pid > 0 && !pidAlive(pid), `${name}: process ${pid} still running`);
    }

    const resumed = await timed(['run', '--resume', String(runId), '--db', db, '--quiet'], env);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(await assertOneResultPerCase(db, runId), planned, 'no new case');
    assert.deepEqual(collectionErrors(db), errors, 'the hanging file was not imported again');
    assert.ok(resumed.ms < COLLECT_S * 1000, `resume took ${resumed.ms} ms`);
  });

  it('repro #3: protocol-looking text then garbage on inherited descriptors ends at most that case, and --resume completes', async () => {
    const suite = writeSuite({
      'jax/jax.numpy.add.py': `
import jax.numpy as jnp
from portabench import case
FUNCTION = "jax.numpy.add"
${SCRIBBLE}
@case
def scribbles(bench, device):
    scribble()
    bench.measure(jnp.add, jnp.ones(2), jnp.ones(2))

@case(i=[1, 2, 3])
def after(bench, device, i):
    bench.measure(jnp.add, jnp.ones(i), jnp.ones(i))
`,
    });
    const db = tempDb();
    const first = await timed(run(suite, db, ['--timeout', '20']));
    assert.equal(first.code, 0, first.stderr);
    assert.doesNotMatch(first.stderr, /ZodError|invalid_type/);
    const [runId] = runIds(db);
    assert.equal(await assertOneResultPerCase(db, runId), 4);
    const r = results(db);
    const s = r.get('scribbles')!;
    assert.ok(s.outcome === 'pass' || (s.outcome === 'crash' && s.error_type === 'ProtocolViolation'), `${s.outcome} ${s.error_type} ${s.error_message}`);
    for (const i of [1, 2, 3]) assert.equal(r.get(`after[i=${i}]`)?.outcome, 'pass');
    const resumed = await timed(['run', '--resume', String(runId), '--db', db, '--quiet']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(await assertOneResultPerCase(db, runId), 4);
    console.log(`repro #3: run ${first.ms} ms (${s.outcome} ${s.error_type ?? ''}), resume ${resumed.ms} ms`);
  });

  it('repro #4: a file that hangs while imported costs --timeout (5 s), not 300 s, and is not retried on --resume unless --retry-errors', async () => {
    const suite = writeSuite({ 'jax/jax.numpy.hang.py': HANGS_AT_IMPORT, 'jax/jax.numpy.add.py': 'import jax.numpy as jnp\nfrom portabench import case\nFUNCTION = "jax.numpy.add"\n@case\ndef adds(bench, device):\n    bench.measure(jnp.add, jnp.ones(2), jnp.ones(2))\n' });
    const db = tempDb();
    const first = await timed(run(suite, db, ['--timeout', '5']));
    assert.equal(first.code, 0, first.stderr);
    assert.ok(first.ms < 60_000, `the run took ${first.ms} ms`);
    const errors = collectionErrors(db);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].error_type, 'CollectionTimeout');
    assert.match(errors[0].error_message, /longer than 5 s/, 'the collection limit is never more than --timeout');
    assert.equal(query(db, "SELECT * FROM cases WHERE name = '<collect>'").length, 0);
    const [runId] = runIds(db);

    const resumed = await timed(['run', '--resume', String(runId), '--db', db, '--quiet']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(collectionErrors(db), errors, 'not imported again');
    assert.ok(resumed.ms < first.ms - 3000, `resume ${resumed.ms} ms vs first run ${first.ms} ms`);
    console.log(`repro #4: run ${first.ms} ms, resume ${resumed.ms} ms`);

    // asked to, it imports the file again; now it imports, so its case runs and the record goes
    const retried = await timed(['run', '--resume', String(runId), '--db', db, '--quiet', '--retry-errors'], { FAULTS_IMPORT_HANGS: '0' });
    assert.equal(retried.code, 0, retried.stderr);
    assert.deepEqual(collectionErrors(db), []);
    assert.equal(results(db).get('fine')?.outcome, 'pass');
    assert.equal(await assertOneResultPerCase(db, runId), 2);
  });
});
