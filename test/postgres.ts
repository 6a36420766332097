// A throwaway PostgreSQL server for tests: initdb into a temp dir, listen on a unix
// socket only, stop it afterwards. Needs Debian's postgresql (.ci/run installs it).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

function pgBin(name: string): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const p = join(base, v, 'bin', name);
    if (existsSync(p)) return p;
  }
  throw new Error(`PostgreSQL's ${name} not found under ${base}: apt-get install postgresql`);
}

export interface PgServer {
  url: string;
  stop(): void;
}

export function startPostgres(): PgServer {
  const dir = mkdtempSync(join(tmpdir(), 'portabench-pg-'));
  const data = join(dir, 'data');
  const asRoot = userInfo().uid === 0;
  // PostgreSQL refuses to run as root: run it as the postgres user then.
  const run = (cmd: string, args: string[]) => {
    const full = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    const r = spawnSync(full[0] as string, full[1] as string[], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o755);
  run(pgBin('initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  run(pgBin('pg_ctl'), ['-D', data, '-w', '-l', join(dir, 'log'), '-o', `-k ${dir} -c listen_addresses='' -c fsync=off`, 'start']);
  return {
    url: `postgres://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`,
    stop: () => run(pgBin('pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']),
  };
}
