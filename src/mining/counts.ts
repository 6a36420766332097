import type { FileUsage } from './extract.js';
import type { SkipReason } from './prefilter.js';

export interface NameCount {
  name: string;
  framework: string;
  calls: number;
  refs: number;
  files: number;
}

export interface MethodCount {
  method: string;
  framework: string;
  calls: number;
  files: number;
}

/** Plain data (structured-clone safe) form of the counts, as workers send them. */
export interface CountsData {
  files: number;
  parsed: number;
  bytes: number;
  skipped: Record<string, number>;
  frameworks: Array<[string, number]>;
  names: Array<[string, number, number, number]>;
  methods: Array<[string, number, number]>;
  /** `framework\tname\nname…` (the names one file calls, sorted) → files with exactly that set. */
  fileSets?: Array<[string, number]>;
}

/** Files that call exactly the same set of a framework's names, counted once: what usage weighting needs to count files. */
export interface FileSet {
  framework: string;
  names: string[];
  files: number;
}

/**
 * Usage counts summed over a corpus. `files` counts every entry seen (skipped ones
 * included); `parsed` those that passed the import pre-filter and parsed cleanly.
 * Qualified names and bare method names are kept apart.
 */
export class UsageCounts {
  files = 0;
  parsed = 0;
  bytes = 0;
  skipped: Record<string, number> = {};
  private frameworks = new Map<string, number>();
  /** `framework\tname` → [calls, refs, files]. */
  private names = new Map<string, [number, number, number]>();
  /** `framework\tmethod` → [calls, files]. */
  private methods = new Map<string, [number, number]>();
  /** `framework\tsorted called names joined by \n` → files. */
  private fileSets = new Map<string, number>();

  skip(reason: SkipReason, n = 1): void {
    this.files += n;
    this.skipped[reason] = (this.skipped[reason] ?? 0) + n;
  }

  /** A file that did not pass the pre-filter: seen, not parsed. */
  unparsed(bytes: number): void {
    this.files++;
    this.bytes += bytes;
  }

  add(usage: FileUsage, bytes: number): void {
    this.files++;
    this.parsed++;
    this.bytes += bytes;
    for (const fw of usage.frameworks) this.frameworks.set(fw, (this.frameworks.get(fw) ?? 0) + 1);
    for (const [key, use] of usage.names) {
      const c = this.names.get(key);
      if (c) {
        c[0] += use.calls;
        c[1] += use.refs;
        c[2]++;
      } else this.names.set(key, [use.calls, use.refs, 1]);
    }
    const called = new Map<string, string[]>();
    for (const [key, use] of usage.names) {
      if (!use.calls) continue;
      const tab = key.indexOf('\t');
      const fw = key.slice(0, tab);
      called.set(fw, [...(called.get(fw) ?? []), key.slice(tab + 1)]);
    }
    for (const [fw, names] of called) {
      const key = `${fw}\t${names.sort().join('\n')}`;
      this.fileSets.set(key, (this.fileSets.get(key) ?? 0) + 1);
    }
    for (const fw of usage.frameworks) {
      for (const [method, calls] of usage.methods) {
        const key = `${fw}\t${method}`;
        const c = this.methods.get(key);
        if (c) {
          c[0] += calls;
          c[1]++;
        } else this.methods.set(key, [calls, 1]);
      }
    }
  }

  toData(): CountsData {
    return {
      files: this.files,
      parsed: this.parsed,
      bytes: this.bytes,
      skipped: { ...this.skipped },
      frameworks: [...this.frameworks],
      names: [...this.names].map(([k, [a, b, c]]) => [k, a, b, c]),
      methods: [...this.methods].map(([k, [a, b]]) => [k, a, b]),
      fileSets: [...this.fileSets],
    };
  }

  merge(d: CountsData): void {
    this.files += d.files;
    this.parsed += d.parsed;
    this.bytes += d.bytes;
    for (const [r, n] of Object.entries(d.skipped)) this.skipped[r] = (this.skipped[r] ?? 0) + n;
    for (const [fw, n] of d.frameworks) this.frameworks.set(fw, (this.frameworks.get(fw) ?? 0) + n);
    for (const [k, calls, refs, files] of d.names) {
      const c = this.names.get(k);
      if (c) {
        c[0] += calls;
        c[1] += refs;
        c[2] += files;
      } else this.names.set(k, [calls, refs, files]);
    }
    for (const [k, n] of d.fileSets ?? []) this.fileSets.set(k, (this.fileSets.get(k) ?? 0) + n);
    for (const [k, calls, files] of d.methods) {
      const c = this.methods.get(k);
      if (c) {
        c[0] += calls;
        c[1] += files;
      } else this.methods.set(k, [calls, files]);
    }
  }

  frameworkFiles(): Record<string, { files_importing: number }> {
    const out: Record<string, { files_importing: number }> = {};
    for (const [fw, n] of [...this.frameworks].sort()) out[fw] = { files_importing: n };
    return out;
  }

  /** Names by descending calls, then refs, then name (a stable order). */
  nameCounts(): NameCount[] {
    return [...this.names]
      .map(([k, [calls, refs, files]]) => {
        const [framework, name] = k.split('\t');
        return { name, framework, calls, refs, files };
      })
      .sort((a, b) => b.calls - a.calls || b.refs - a.refs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The sets of names files call, largest count first (a stable order). */
  fileSetCounts(): FileSet[] {
    return [...this.fileSets]
      .map(([k, files]) => {
        const tab = k.indexOf('\t');
        return { framework: k.slice(0, tab), names: k.slice(tab + 1).split('\n'), files };
      })
      .sort((a, b) => b.files - a.files || (a.framework < b.framework ? -1 : a.framework > b.framework ? 1 : 0) || a.names.join('\n').localeCompare(b.names.join('\n')));
  }

  methodCounts(): MethodCount[] {
    return [...this.methods]
      .map(([k, [calls, files]]) => {
        const [framework, method] = k.split('\t');
        return { method, framework, calls, files };
      })
      .sort((a, b) => b.calls - a.calls || (a.method < b.method ? -1 : a.method > b.method ? 1 : a.framework < b.framework ? -1 : 1));
  }
}
