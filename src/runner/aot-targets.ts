import type { FrameworkStatus } from './probe.js';

/**
 * Which ahead-of-time target each device of a run (those of `-d`, else all) compiles for (mode aot): `--aot-target`
 * is one name or a comma list (`v5e,sm_90`), each name belonging to the device whose
 * compiler offers it (the aot probe's `aot_targets`, e.g. {tpu: [v4, v5e…], cuda: [sm_80…]}).
 * A run's targets are keyed by framework/device/mode, so a run compiles for one target per
 * device: a second generation of the same device is refused, naming the run to start for it;
 * `aotTargetPasses` splits such a list into one run per generation (what `run` does).
 * Owns nothing of probing (probe.ts) nor of starting workers (run-target.ts).
 */
export function aotTargetsByDevice(spec: string | undefined, statuses: FrameworkStatus[], framework: string, devices?: string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!spec) return out;
  const offered: Record<string, string[]> = {};
  for (const s of statuses) if (s.name === framework && s.available) for (const [device, names] of Object.entries(s.aot_targets ?? {})) if (!devices?.length || devices.includes(device)) offered[device] = names;
  for (const name of spec.split(',').map((n) => n.trim()).filter(Boolean)) {
    const device = Object.keys(offered).find((d) => offered[d].includes(name));
    if (!device) {
      // an unknown name goes to the worker of the only device there is, which refuses it with the names it knows
      const only = Object.keys(offered);
      if (only.length === 1 && !out.has(only[0])) out.set(only[0], name);
      else if (!only.length) out.set('', name);
      else throw new Error(`unknown --aot-target "${name}" for ${framework}; known: ${Object.entries(offered).map(([d, n]) => `${d}: ${n.join(', ')}`).join('; ')}`);
      continue;
    }
    const before = out.get(device);
    if (before) throw new Error(`--aot-target names ${before} and ${name}, both for ${device}: a run compiles for one target per device (its targets are keyed by framework/device/mode); run again with --aot-target ${name}`);
    out.set(device, name);
  }
  return out;
}

/** One run of a `--aot-target` list: its names (`v6e`, or `v5e,sm_90`) and the devices they belong to. */
export interface AotPass {
  spec: string;
  devices: string[];
}

/**
 * The runs a `--aot-target` list needs: a run compiles for one target per device, so a list
 * naming several generations of one device (`v5e,v6e,v4,sm_90`) is split into passes, the k-th
 * taking each device's k-th name (`v5e,sm_90`, then `v6e`, then `v4`). A list with at most one
 * name per device is one pass, and a name no compiler offers goes in the first (whose run
 * refuses it with the names it knows). `statuses`: the aot probes (their `aot_targets`).
 */
export function aotTargetPasses(spec: string | undefined, statuses: FrameworkStatus[]): AotPass[] {
  const names = (spec ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  const deviceOf = (name: string) => {
    for (const s of statuses) for (const [device, offered] of Object.entries(s.aot_targets ?? {})) if (offered.includes(name)) return device;
    return null;
  };
  const passes: Array<{ names: string[]; devices: Set<string> }> = [];
  const seen = new Map<string, number>();
  for (const name of names) {
    const device = deviceOf(name);
    const k = device === null ? 0 : (seen.get(device) ?? 0);
    if (device !== null) seen.set(device, k + 1);
    passes[k] ??= { names: [], devices: new Set() };
    passes[k].names.push(name);
    if (device !== null) passes[k].devices.add(device);
  }
  return passes.filter(Boolean).map((p) => ({ spec: p.names.join(','), devices: [...p.devices] }));
}
