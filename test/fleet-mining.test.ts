// Distributed mining for real: a corpus (Debian's torchvision sources, a Parquet file
// split by row groups, a broken gzip JSON Lines file) cut into shard jobs, mined by two
// agent processes, summed in SQL: the stored rows equal a single-machine `mine`.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { listCorpora, readFileSets, readFrequencies, readMethodCounts } from '../src/mining/store.js';
import { pyFilesUnder } from '../src/mining/shards.js';
import type { Store } from '../src/store/store.js';
import { writeParquet } from './fixtures/mining/write-parquet.js';
import { CLI, ROOT, runCli, tempDir } from './helpers.js';
import { usePostgresStore } from './pg-store.js';

const TORCHVISION = '/usr/lib/python3/dist-packages/torchvision';

async function stored(s: Store, corpus: string) {
  const c = (await listCorpora(s.db)).find((x) => x.name === corpus);
  assert.ok(c, `corpus ${corpus} stored`);
  const { name: _n, minedAt: _m, ...totals } = c;
  const sets = (await readFileSets(s.db, corpus)).map((s) => JSON.stringify(s)).sort();
  return { totals, names: await readFrequencies(s.db, corpus), methods: await readMethodCounts(s.db, corpus), sets };
}

describe('fleet: distributed mining', { timeout: 300_000, skip: existsSync(TORCHVISION) ? false : `${TORCHVISION} missing: apt-get install python3-torchvision` }, () => {
  const env = usePostgresStore();

  it('shards mined by two agents sum, in SQL, to exactly what one machine stores', async () => {
    const dir = tempDir('portabench-fleet-corpus-');
    const files = (await pyFilesUnder(TORCHVISION)).slice(0, 60);
    writeParquet(join(dir, 'part.parquet'), files.map((f) => readFileSync(f, 'utf8')), 8); // 8 row groups
    writeFileSync(join(dir, 'broken.jsonl.gz'), gzipSync(Buffer.from('{"content": "import torch\\ntorch.zeros(1)\\n"}\n'.repeat(50))).subarray(0, 60));
    const inputs = [TORCHVISION, join(dir, 'part.parquet'), join(dir, 'broken.jsonl.gz')];
    const single = await runCli(['mine', ...inputs, '--db', env.url, '--corpus-name', 'single', '-j', '1', '-q', '--json']);
    assert.equal(single.code, 0, single.stderr);

    const waiter = runCli(['mine', ...inputs, '--db', env.url, '--corpus-name', 'spread', '--distributed', '--wait', '--shard-files', '30', '-q', '--json']);
    const shardJobs = async () => Number((await env.store.db.selectFrom('fleet_jobs' as never).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow() as { n: string }).n);
    for (let i = 0; i < 300 && (await shardJobs()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const agents: ChildProcess[] = [0, 1].map(() =>
      spawn(process.execPath, [CLI, 'agent', '--db', env.url, '--once', '--lease', '5', '--poll', '0.3', '-f', 'jax', '--python', 'jax=/nonexistent/python'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] }),
    );
    const logs = agents.map((a) => {
      let s = '';
      a.stderr!.on('data', (d) => (s += d));
      return () => s;
    });
    const codes = await Promise.all(agents.map((a) => new Promise((r) => a.on('close', r))));
    const spread = await waiter;
    assert.deepEqual(codes, [0, 0], logs.map((l) => l()).join('\n----\n'));
    assert.equal(spread.code, 0, spread.stderr);

    const a = await stored(env.store, 'single');
    const b = await stored(env.store, 'spread');
    assert.ok(a.totals.files > 151 + 60, String(a.totals.files)); // and the lines the broken gzip gave before it broke
    assert.equal(a.totals.skipped.unreadable, 1); // the broken gzip (and its cut last line, a bad_record): counted, never fatal
    assert.ok(a.names.length > 100);
    assert.deepEqual(b, a);
    const out = JSON.parse(spread.stdout) as { shards: number; files: number };
    assert.ok(out.shards >= 2 + 8 + 1, `shards: ${out.shards}`);
    assert.equal(out.files, a.totals.files);
    // Both agents mined: the shards were spread.
    const byAgent = await env.store.db.selectFrom('mining_shards' as never).select(['agent' as never]).where('corpus' as never, '=', 'spread' as never).execute();
    assert.equal(new Set(byAgent.map((r) => (r as { agent: string }).agent)).size, 2);
  });
});
