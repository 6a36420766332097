import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockPackage {
  dev?: boolean;
  optional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Packages needed only to install another (prebuilt-binary downloaders): never at run time. */
const INSTALL_ONLY = new Set(['prebuild-install']);

/**
 * The installed packages (paths under the root, e.g. `node_modules/kysely`) that the
 * given root dependencies need at run time, resolved from package-lock.json the way
 * Node resolves them (nested node_modules first, then each parent's).
 */
export function productionClosure(root: string, rootDeps: string[]): string[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };
  const pkgs = lock.packages;
  const resolveFrom = (from: string, dep: string): string | null => {
    let base = from;
    for (;;) {
      const candidate = base ? `${base}/node_modules/${dep}` : `node_modules/${dep}`;
      if (pkgs[candidate]) return candidate;
      if (!base) return null;
      const i = base.lastIndexOf('/node_modules/');
      base = i < 0 ? '' : base.slice(0, i);
    }
  };
  const seen = new Set<string>();
  const queue: Array<[string, string]> = rootDeps.map((d) => ['', d]);
  while (queue.length) {
    const [from, dep] = queue.shift()!;
    if (INSTALL_ONLY.has(dep)) continue;
    const path = resolveFrom(from, dep);
    if (!path || seen.has(path)) continue;
    seen.add(path);
    const p = pkgs[path];
    for (const d of Object.keys({ ...p.dependencies, ...p.optionalDependencies })) queue.push([path, d]);
  }
  return [...seen].sort();
}
