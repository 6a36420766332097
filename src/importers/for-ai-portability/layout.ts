import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ImportInputError } from './files.js';
import { STUDY_FRAMEWORKS, modeOf, studyDevice, vmOf, type StudyFramework, type VmInfo } from './names.js';

/**
 * One run to import: a failure report and/or a set of repeated timing files of one
 * framework on one machine. Paths are relative to the imported folder.
 */
export interface RunSource {
  framework: StudyFramework;
  vm: VmInfo;
  mode: string;
  /** The device of the timing files (gpu → cuda, tpu → tpu, cpu → cpu), or the VM's accelerator for a report alone. */
  device: string;
  report: string | null;
  timings: string[];
  /** A stable name for the source, used to find it again on re-import. */
  key: string;
}

export interface Layout {
  sources: RunSource[];
  /** Files not imported, with the reason. */
  skipped: { path: string; reason: string }[];
}

const TIMING = /^(gpu|tpu|cpu)_(\d+)\.json$/;
const REPORT = 'test_failure_report.json';

interface DirFiles {
  rel: string; // relative to <fw>_timings
  sets: Map<string, string[]>; // gpu|tpu|cpu → files (relative to root)
  report: string | null;
}

function walk(dir: string, base: string, out: DirFiles[]): void {
  const entry: DirFiles = { rel: relative(base, dir), sets: new Map(), report: null };
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, base, out);
    else if (name === REPORT) entry.report = path;
    else {
      const m = TIMING.exec(name);
      if (m) {
        if (!entry.sets.has(m[1])) entry.sets.set(m[1], []);
        entry.sets.get(m[1])!.push(path);
      }
    }
  }
  out.push(entry);
}

/**
 * Find the runs in the study's folder layout: `<fw>_timings/<vm>/[<device>/]{gpu,tpu,cpu}_N.json`
 * with `test_failure_report.json` beside them. A report pairs with the timing files in its own
 * folder; a VM-level report with no timings beside it pairs with the VM's one accelerator set
 * that has no report of its own, or else stands alone (a run with outcomes and no timings).
 */
export function discover(root: string): Layout {
  const sources: RunSource[] = [];
  const skipped: Layout['skipped'] = [];
  const rel = (p: string) => relative(root, p);
  let found = 0;
  for (const fw of STUDY_FRAMEWORKS) {
    const fwDir = join(root, `${fw}_timings`);
    let isDir = false;
    try {
      isDir = statSync(fwDir).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) continue;
    found++;
    const dirs: DirFiles[] = [];
    walk(fwDir, fwDir, dirs);
    // Group folders by VM.
    const groups = new Map<string, { vm: VmInfo; dirs: DirFiles[] }>();
    for (const d of dirs) {
      const segments = d.rel ? d.rel.split(/[\\/]/) : [];
      const vm = vmOf(segments);
      if (!vm) {
        for (const files of d.sets.values()) for (const f of files) skipped.push({ path: rel(f), reason: 'not in a VM folder: the machine that produced it is not recorded' });
        if (d.report) skipped.push({ path: rel(d.report), reason: 'not in a VM folder: the machine that produced it is not recorded' });
        // Other JSON files at the top of <fw>_timings (gpu.json, tpu_cpu_vm.json, …) are loose runs.
        if (!d.rel) {
          for (const name of readdirSync(d.rel ? join(fwDir, d.rel) : fwDir)) {
            if (name.endsWith('.json') && !TIMING.test(name) && name !== REPORT) skipped.push({ path: rel(join(fwDir, name)), reason: 'loose timing file outside the VM folders: its machine and repetitions are not recorded' });
          }
        }
        continue;
      }
      if (!groups.has(vm.folder)) groups.set(vm.folder, { vm, dirs: [] });
      groups.get(vm.folder)!.dirs.push(d);
    }
    for (const { vm, dirs: group } of groups.values()) {
      const mode = modeOf(group[0].rel.split(/[\\/]/));
      const pending: { dir: DirFiles; prefix: string; files: string[]; report: string | null }[] = [];
      const lonelyReports: string[] = [];
      for (const d of group) {
        const prefixes = [...d.sets.keys()];
        for (const prefix of prefixes) pending.push({ dir: d, prefix, files: d.sets.get(prefix)!, report: null });
        if (!d.report) continue;
        const here = pending.filter((p) => p.dir === d);
        const target = here.find((p) => p.prefix !== 'cpu') ?? here[0];
        if (target) target.report = d.report;
        else lonelyReports.push(d.report);
      }
      for (const report of lonelyReports) {
        const open = pending.filter((p) => p.prefix !== 'cpu' && !p.report);
        const sameDevice = open.filter((p) => studyDevice(p.prefix) === vm.device);
        if (sameDevice.length === 1 && !group.some((d) => d.report && d.report !== report && d.sets.size)) {
          sameDevice[0].report = report;
        } else {
          sources.push({ framework: fw, vm, mode, device: vm.device, report: rel(report), timings: [], key: `${fw}/${rel(report)}` });
        }
      }
      for (const p of pending) {
        const timings = p.files.map(rel);
        sources.push({ framework: fw, vm, mode: modeOf(p.dir.rel.split(/[\\/]/)), device: studyDevice(p.prefix), report: p.report ? rel(p.report) : null, timings, key: `${fw}/${p.dir.rel}/${p.prefix}` });
      }
    }
  }
  if (!found) throw new ImportInputError(`${root} does not look like the for-ai-portability data: expected pytorch_timings/, tensorflow_timings/ or jax_timings/ in it`);
  sources.sort((a, b) => a.key.localeCompare(b.key));
  return { sources, skipped };
}
