// Speed and memory of `portabench check` on real code this project did not write.
// Each corpus is checked in a fresh process (so its peak RSS is its own): the store is
// opened, the targets' runs loaded, every .py file scanned one at a time and joined, and
// the text output rendered. Printed per corpus: files, call sites, seconds (inside the
// process; and wall time with Node's start-up), peak RSS. Memory should stay flat as the
// corpus grows: only each file's call sites are kept, never its tree.
//
// Also printed per corpus and target: the share of call sites by evidence level (measured,
// compiled, registered, declared, predicted, no device work, none). With --trace FRAMEWORK,
// every corpus is checked twice: before (the store as given), and after `trace-api -f
// FRAMEWORK --from CORPUS` has traced the functions of every corpus (with --coverage DEVICE, also after
// `coverage -f FRAMEWORK -d DEVICE`, the registry's per-op evidence); --trace-seconds says how
// long tracing took. The store given is changed (traces added): pass a copy. Needs the built
// CLI (npx tsc -p tsconfig.json).
//
// Run: node --import tsx bench/check.ts [--db FILE] [--target T …] [--trace FW [--coverage DEVICE]] [--pypi NAME==VERSION …] [PATH …]
// --pypi adds a code base from PyPI: its wheel is downloaded once (pip download --no-deps, into
// ~/.cache/portabench/corpora) and unpacked there as files; nothing in it is installed or run.
// Defaults: the 2023 study's data imported into a temporary store; targets pytorch/tpu@TPU v3
// and pytorch/cuda@T4; corpora Debian's python3-torchvision, python3-torch (PyTorch's own
// Python sources) and all of /usr/lib/python3/dist-packages (apt-get install
// python3-torchvision; .ci/run installs it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, homedir, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTextDocument } from '../src/check/document.js';
import { Checker } from '../src/check/join.js';
import { loadCheckDataset, loadCheckTraces } from '../src/check/load.js';
import { EVIDENCE_LEVELS } from '../src/check/targets.js';
import { scanSources } from '../src/check/scan.js';
import { renderDocument } from '../src/report/render.js';
import { Store } from '../src/store/store.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
const DIST = '/usr/lib/python3/dist-packages';

function flags(name: string): string[] {
  const out: string[] = [];
  process.argv.forEach((a, i) => a === name && process.argv[i + 1] && out.push(process.argv[i + 1]));
  return out;
}
const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(i > 0 && all[i - 1].startsWith('--')));

async function child(db: string, targets: string[], path: string): Promise<void> {
  const t0 = performance.now();
  const store = await Store.open(db);
  const ds = await loadCheckDataset(store, targets);
  const checker = new Checker(ds, { targets, traces: await loadCheckTraces(store, ds) });
  await store.close();
  const loaded = performance.now();
  for await (const scan of scanSources([path])) checker.add(scan);
  const result = checker.result();
  const text = await renderDocument('text', checkTextDocument(result));
  const t1 = performance.now();
  process.stdout.write(
    JSON.stringify({ files: result.summary.files, sites: result.summary.sites, unresolved: result.summary.unresolved.calls, output_kb: Math.round(text.length / 1024), load_s: (loaded - t0) / 1000, check_s: (t1 - t0) / 1000, max_rss_mb: process.resourceUsage().maxRSS / 1024, levels: result.summary.targets.map((t) => ({ target: t.target, sites: t.sites, levels: t.levels, predictions: t.predictions })) }),
  );
}

/** A PyPI wheel's files, unpacked (never installed, never imported): the directory, fetched once. */
function pypiCorpus(spec: string): string {
  const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'portabench', 'corpora');
  const dir = join(cache, spec.replace(/[^\w.=-]/g, '_'));
  if (existsSync(join(dir, '.done'))) return dir;
  mkdirSync(dir, { recursive: true });
  const wheels = join(dir, '.wheel');
  const py = process.env.PYTHON ?? 'python3';
  const dl = spawnSync(py, ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '-d', wheels, spec], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (dl.status !== 0) throw new Error(`pip download ${spec} failed: is PyPI (or its mirror) reachable, and is ${spec} a real release?`);
  const wheel = readdirSync(wheels).find((f) => f.endsWith('.whl'));
  if (!wheel) throw new Error(`pip download ${spec} gave no wheel in ${wheels}`);
  const un = spawnSync(py, ['-m', 'zipfile', '-e', join(wheels, wheel), dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (un.status !== 0) throw new Error(`unpacking ${wheel} failed`);
  writeFileSync(join(dir, '.done'), `${wheel}\n`);
  return dir;
}

async function main(): Promise<void> {
  const targets = flags('--target').length ? flags('--target') : ['pytorch/tpu@TPU v3', 'pytorch/cuda@T4'];
  if (process.argv.includes('--child')) return child(flags('--db')[0], targets, positional[0]);
  let db = flags('--db')[0];
  if (!db) {
    db = join(mkdtempSync(join(tmpdir(), 'portabench-bench-check-')), 'study.db');
    const study = join(ROOT, '..', 'shared', 'anchor-data', 'for-ai-portability');
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('${join(ROOT, 'src/cli/main.ts')}').then(m => m.main(['node', 'portabench', 'import', 'for-ai-portability', '${study}', '--db', '${db}'])).then(c => process.exit(c))`], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`importing the study's data from ${study} failed`);
  }
  const pypi = flags('--pypi').map(pypiCorpus);
  const corpora = positional.length || pypi.length ? [...positional, ...pypi] : [join(DIST, 'torchvision'), join(DIST, 'torch'), DIST].filter((p) => existsSync(p));
  console.log(`portabench check: ${cpus().length} CPUs, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; targets ${targets.join(', ')}`);
  const cli = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin', 'portabench.js'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const traceFw = flags('--trace')[0];
  if (traceFw && flags('--coverage')[0]) {
    const t0 = performance.now();
    const r = cli(['coverage', '-f', traceFw, '-d', flags('--coverage')[0], '--db', db]);
    if (r.status !== 0) throw new Error(`coverage failed: ${r.stderr}`);
    console.log(`coverage -f ${traceFw} -d ${flags('--coverage')[0]}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const measure = (corpus: string, when: string) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', '--db', db, ...targets.flatMap((t) => ['--target', t]), corpus], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    const wall = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`check of ${corpus} failed: ${r.stderr}`);
    const x = JSON.parse(r.stdout);
    console.log(
      `${corpus}${when}: ${x.files} files, ${x.sites} call sites, ${x.unresolved} unresolved; check ${x.check_s.toFixed(2)} s (store load ${x.load_s.toFixed(2)} s), wall ${wall.toFixed(2)} s with Node start-up; peak RSS ${x.max_rss_mb.toFixed(0)} MB; text output ${x.output_kb} KB`,
    );
    for (const t of x.levels as Array<{ target: string; sites: number; levels: Record<string, number>; predictions: { scored: number; agree: number } }>) {
      const share = (n: number) => `${t.sites ? ((100 * n) / t.sites).toFixed(0) : '–'}%`;
      console.log(`  ${t.target}: ${t.sites} sites; ${EVIDENCE_LEVELS.map((l) => `${l.replace(/_/g, ' ')} ${share(t.levels[l])}`).join(', ')}; with evidence ${share(t.sites - t.levels.none)}${t.predictions.scored ? `; predictions agree ${t.predictions.agree}/${t.predictions.scored}` : ''}`);
    }
  };
  // before: every corpus against the store as given; then each traced; after: every corpus again
  for (const corpus of corpora) measure(corpus, traceFw ? ' (before)' : '');
  if (!traceFw) return;
  for (const corpus of corpora) {
    const t0 = performance.now();
    const r = cli(['trace-api', '-f', traceFw, '--from', corpus, '--db', db, '-q']);
    if (r.status !== 0) throw new Error(`trace-api of ${corpus} failed: ${r.stderr}`);
    console.log(`trace-api -f ${traceFw} --from ${corpus}: ${((performance.now() - t0) / 1000).toFixed(1)} s wall; ${r.stdout.split('\n')[0]}`);
  }
  for (const corpus of corpora) measure(corpus, ' (after)');
}

await main();
