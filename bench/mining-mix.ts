// Mining throughput on a realistic mix: in public code about 5% of Python files use a
// framework, so a miner's speed is mostly how fast it passes over the other 95% and how well
// it spreads the parsing of the rest over the cores. This builds such a corpus from local
// sources this project did not write — the Python standard library, Debian's dist-packages
// and the installed frameworks' own sources (.venvs) — taking every file the import pre-filter
// rejects and an even sample of those it passes, at 5% of the files; writes it as JSON Lines
// (the format corpora come in); and mines it with 1…N jobs, several times, printing median
// MB/s, the CPU time per MB, and whether every run's counts are identical (names, methods,
// file sets, skips) to an in-thread pass of the same processor (the miner without its pool).
// Target (issue 20): at least 100 MB/s on this 2-core machine.
//
// Run: node --import tsx bench/mining-mix.ts [--share 0.05] [--repeat 3] [--max-jobs N] [DIR …]
// (DIR: other source trees to draw from; default the ones above that exist.)
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mineCorpus, miningResult, type MiningResult } from '../src/mining/mine.js';
import { MINED_FRAMEWORKS } from '../src/mining/frameworks.js';
import { pythonParser } from '../src/mining/parser.js';
import { decodeSource, importPrefilter } from '../src/mining/prefilter.js';
import { BatchProcessor } from '../src/mining/process.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const share = flag('--share', 0.05);
const repeat = flag('--repeat', 3);
const maxJobs = flag('--max-jobs', availableParallelism());
const given = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(i > 0 && all[i - 1].startsWith('--')));
const venvs = process.env.PORTABENCH_VENVS ?? join(ROOT, '.venvs');
const sources = given.length
  ? given
  : ['/usr/lib/python3.11', '/usr/lib/python3/dist-packages', ...['pytorch', 'jax', 'tensorflow'].map((fw) => join(venvs, fw, 'lib', 'python3.11', 'site-packages'))].filter((d) => {
      try {
        return statSync(d).isDirectory();
      } catch {
        return false;
      }
    });

function pyFiles(dir: string, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names.sort()) {
    const p = join(dir, n);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) pyFiles(p, out);
    else if (n.endsWith('.py') && st.isFile()) out.push(p);
  }
  return out;
}

// the mix: every file the pre-filter rejects, and an even sample of those it passes
const prefilter = importPrefilter();
const framework: string[] = [];
const plain: string[] = [];
for (const dir of sources) {
  for (const f of pyFiles(dir)) {
    const d = decodeSource(readFileSync(f), 10 * 1024 * 1024);
    (d.ok && prefilter.test(d.text) ? framework : plain).push(f);
  }
}
const want = Math.min(framework.length, Math.round((plain.length * share) / (1 - share)));
const sample = Array.from({ length: want }, (_, i) => framework[Math.floor((i * framework.length) / want)]);
// interleaved, as in a real corpus (every k-th file uses a framework), not all at the end
const files: string[] = [];
for (let i = 0, k = 0; i < plain.length || k < sample.length; ) {
  if (k < sample.length && (i >= plain.length || (k + 1) * plain.length <= i * sample.length + plain.length / 2)) files.push(sample[k++]);
  else files.push(plain[i++]);
}
const dir = mkdtempSync(join(tmpdir(), 'portabench-bench-mix-'));
const jsonl = join(dir, 'mix.jsonl');
const records = files.map((f) => JSON.stringify({ path: f, content: readFileSync(f).toString('utf8') }));
writeFileSync(jsonl, records.join('\n') + '\n');
const bytes = statSync(jsonl).size;
const sampleBytes = sample.reduce((s, f) => s + statSync(f).size, 0);
console.log(`sources: ${sources.join(', ')}`);
console.log(
  `mix: ${files.length} files (${plain.length} the pre-filter rejects, ${sample.length} of its ${framework.length} that import a framework: ${((100 * sample.length) / files.length).toFixed(1)}% of files, ${((100 * sampleBytes) / bytes).toFixed(1)}% of bytes), ${(bytes / 1e6).toFixed(1)} MB of JSON Lines`,
);
console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

// the reference: the same processor in this thread, no pool
const parser = await pythonParser();
const modules = MINED_FRAMEWORKS.map((f) => f.module);
const reference = new BatchProcessor(parser, { maxBytes: 10 * 1024 * 1024, modules });
const buf = readFileSync(jsonl);
const c0 = process.cpuUsage();
for (let s = 0, id = 0; s < buf.length; id++) {
  let e = buf.indexOf(10, s + (1 << 20));
  if (e < 0) e = buf.length - 1;
  reference.process({ id, jsonl: buf.subarray(s, e + 1) });
  s = e + 1;
}
const cu = process.cpuUsage(c0);
const refCpu = (cu.user + cu.system) / 1e6;
const ref = miningResult(reference.counts, MINED_FRAMEWORKS.map((f) => f.name), 0, 1);
const key = (r: MiningResult) => JSON.stringify([r.files, r.parsed, r.bytes, r.skipped, r.frameworks, r.names, r.methods, r.fileSets]);
console.log(
  `in-thread reference: ${ref.files} files, ${ref.parsed} parsed, ${ref.names.length} names; ${refCpu.toFixed(2)} s CPU (${(bytes / 1e6 / refCpu).toFixed(0)} MB per CPU second)`,
);
console.log('');
console.log(`${'jobs'.padStart(4)} ${'median wall s'.padStart(14)} ${'MB/s'.padStart(7)} ${'runs (MB/s)'.padEnd(24)} counts`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  for (const jobs of [...new Set([1, 2, 4, maxJobs])].filter((j) => j <= maxJobs).sort((a, b) => a - b)) {
    const walls: number[] = [];
    let same = true;
    for (let i = 0; i < repeat; i++) {
      const r = await mineCorpus([jsonl], { jobs });
      walls.push(r.seconds);
      same &&= key(r) === key(ref);
    }
    const m = median(walls);
    console.log(`${String(jobs).padStart(4)} ${m.toFixed(2).padStart(14)} ${(bytes / 1e6 / m).toFixed(1).padStart(7)} ${walls.map((w) => (bytes / 1e6 / w).toFixed(0)).join(', ').padEnd(24)} ${same ? 'identical to the reference' : 'DIFFERENT from the reference'}`);
  }
} finally {
  if (!process.env.KEEP_MIX) rmSync(dir, { recursive: true, force: true }); else console.log(jsonl);
}
