// Throughput of `portabench mine` on a real corpus of Python code, single core and in
// parallel:
//   (a) the pre-filter alone (UTF-8 check, decode, import regex) over every file,
//   (b) bare tree-sitter parsing of the files the pre-filter passes,
//   (c) parsing plus name resolution (what mine does per parsed file),
// then `mineCorpus` with 1…N worker threads on a JSON Lines copy of the corpus repeated
// to at least --min-mb megabytes, with speed-up over one job.
// Target: (c) costs at most 40% more time than (b).
//
// Run: node --import tsx bench/mining.ts CORPUS_DIR [--min-mb 40] [--max-jobs N] [--repeat 9]
// A corpus this project did not write: the Python sources of Debian's python3-torchvision,
//   cd /tmp && apt-get download python3-torchvision && dpkg -x python3-torchvision_*.deb /tmp/torchvision-src
//   node --import tsx bench/mining.ts /tmp/torchvision-src
// or PyTorch's own sources: .venvs/pytorch/lib/python3.11/site-packages/torch
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extractUsage } from '../src/mining/extract.js';
import { mineCorpus } from '../src/mining/mine.js';
import { pythonParser } from '../src/mining/parser.js';
import { decodeSource, importPrefilter } from '../src/mining/prefilter.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const corpusArg = process.argv.slice(2).find((a, i, all) => !a.startsWith('--') && !(i > 0 && all[i - 1].startsWith('--')));
if (!corpusArg) {
  console.error('usage: node --import tsx bench/mining.ts CORPUS_DIR [--min-mb 40] [--max-jobs N] [--repeat 9]');
  console.error('  a corpus: cd /tmp && apt-get download python3-torchvision && dpkg -x python3-torchvision_*.deb /tmp/torchvision-src');
  process.exit(2);
}
const corpus = resolve(corpusArg);
const minMb = flag('--min-mb', 40);
const maxJobs = flag('--max-jobs', availableParallelism());
const repeat = flag('--repeat', 9);

function pyFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...pyFiles(p));
    else if (name.endsWith('.py')) out.push(p);
  }
  return out.sort();
}

/**
 * CPU seconds (user + system) of one run of fn: on a shared machine CPU time is steadier
 * than wall time. The figures below are the minimum over `repeat` interleaved runs.
 */
function cpuSeconds(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

const mb = (bytes: number) => bytes / 1e6;
const files = pyFiles(corpus);
if (!files.length) {
  console.error(`no .py files under ${corpus}`);
  process.exit(1);
}
const raw = files.map((f) => readFileSync(f));
const totalBytes = raw.reduce((s, b) => s + b.length, 0);
const prefilter = importPrefilter();
const texts: string[] = [];
for (const b of raw) {
  const d = decodeSource(b, 10 * 1024 * 1024);
  if (d.ok && prefilter.test(d.text)) texts.push(d.text);
}
const parsedBytes = texts.reduce((s, t) => s + Buffer.byteLength(t), 0);
const parser = await pythonParser();

console.log(`corpus ${corpus}: ${files.length} .py files, ${mb(totalBytes).toFixed(2)} MB; ${texts.length} pass the pre-filter (${mb(parsedBytes).toFixed(2)} MB)`);
console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; CPU time, best of ${repeat} interleaved runs`);
console.log('');

// warm up the parser (WebAssembly compilation, first allocations)
for (const t of texts.slice(0, 20)) parser.parse(t)?.delete();

const scan = () => {
  for (const b of raw) {
    const d = decodeSource(b, 10 * 1024 * 1024);
    if (d.ok) prefilter.test(d.text);
  }
};
const parseOnly = () => {
  for (const t of texts) parser.parse(t)?.delete();
};
let parsedOk = 0;
const resolveAll = () => {
  parsedOk = 0;
  for (const t of texts) if (extractUsage(parser, t).ok) parsedOk++;
};
let tScan = Infinity;
let tParse = Infinity;
let tResolve = Infinity;
const ratios: number[] = [];
for (let i = 0; i < repeat; i++) {
  tScan = Math.min(tScan, cpuSeconds(scan));
  const p = cpuSeconds(parseOnly);
  const r = cpuSeconds(resolveAll);
  tParse = Math.min(tParse, p);
  tResolve = Math.min(tResolve, r);
  ratios.push(r / p);
}
ratios.sort((a, b) => a - b);
const row = (label: string, bytes: number, s: number) => console.log(`${label.padEnd(44)} ${(mb(bytes) / s).toFixed(2).padStart(8)} MB/s per core  (${mb(bytes).toFixed(2)} MB in ${s.toFixed(3)} s)`);
row('(a) pre-filter: UTF-8 check + import regex', totalBytes, tScan);
row('(b) bare tree-sitter parse (pre-filtered)', parsedBytes, tParse);
row('(c) parse + name resolution (pre-filtered)', parsedBytes, tResolve);
const overhead = tResolve / tParse - 1;
const medianOverhead = ratios[Math.floor(ratios.length / 2)] - 1;
console.log(`resolution overhead over bare parsing: ${(overhead * 100).toFixed(1)}% of best times, ${(medianOverhead * 100).toFixed(1)}% median of paired runs (target ≤ 40%: ${overhead <= 0.4 ? 'met' : 'NOT met'}); ${parsedOk}/${texts.length} files parsed cleanly`);
console.log('');

// Scaling: a JSON Lines corpus of whole copies of the files, at least minMb large.
const dir = mkdtempSync(join(tmpdir(), 'portabench-bench-mining-'));
try {
  const lines = files.map((f, i) => JSON.stringify({ path: f, content: raw[i].toString('utf8') })).join('\n') + '\n';
  const copies = Math.max(1, Math.ceil((minMb * 1e6) / Buffer.byteLength(lines)));
  const jsonl = join(dir, 'corpus.jsonl');
  writeFileSync(jsonl, lines.repeat(copies));
  console.log(`scaling: mine on ${copies} copies of the corpus as JSON Lines (${mb(statSync(jsonl).size).toFixed(1)} MB, ${files.length * copies} records)`);
  console.log(`${'jobs'.padStart(4)} ${'wall s'.padStart(8)} ${'MB/s'.padStart(8)} ${'files/s'.padStart(9)} ${'MB/s/job'.padStart(9)} ${'speed-up'.padStart(9)} ${'efficiency'.padStart(10)}`);
  let base = 0;
  const jobsList = [...new Set([1, 2, 4, 8, 16, 32, maxJobs].filter((j) => j <= maxJobs))].sort((a, b) => a - b);
  for (const jobs of jobsList) {
    const r = await mineCorpus([jsonl], { jobs });
    const rate = mb(r.bytes) / r.seconds;
    if (jobs === 1) base = rate;
    console.log(
      `${String(jobs).padStart(4)} ${r.seconds.toFixed(2).padStart(8)} ${rate.toFixed(2).padStart(8)} ${(r.files / r.seconds).toFixed(0).padStart(9)} ${(rate / jobs).toFixed(2).padStart(9)} ${(rate / base).toFixed(2).padStart(8)}x ${((rate / base / jobs) * 100).toFixed(0).padStart(9)}%`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
