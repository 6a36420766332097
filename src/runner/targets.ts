import type { FrameworkStatus } from './probe.js';

export interface TargetSpec {
  framework: string;
  device: string;
  mode: string;
  python: string;
}

export function targetLabel(t: { framework: string; device: string; mode: string }): string {
  return `${t.framework}/${t.device}/${t.mode}`;
}

/**
 * Every framework × device × mode the probed frameworks offer, narrowed by the filters;
 * a deviceless mode's targets (`jax/tpu/lower`) only where `modes` names it.
 */
export function planTargets(
  statuses: FrameworkStatus[],
  filter: { frameworks?: string[]; devices?: string[]; modes?: string[] },
): TargetSpec[] {
  const out: TargetSpec[] = [];
  for (const s of statuses) {
    if (!s.available || !s.python) continue;
    if (filter.frameworks?.length && !filter.frameworks.includes(s.name)) continue;
    for (const device of s.devices) {
      if (filter.devices?.length && !filter.devices.includes(device)) continue;
      for (const mode of s.modes) {
        if (filter.modes?.length && !filter.modes.includes(mode)) continue;
        out.push({ framework: s.name, device, mode, python: s.python });
      }
    }
    // Deviceless modes (compiled for a device, not run on it) only when the run names them.
    for (const [mode, devices] of Object.entries(s.deviceless ?? {})) {
      if (!filter.modes?.includes(mode)) continue;
      for (const device of devices) {
        if (filter.devices?.length && !filter.devices.includes(device)) continue;
        if (!out.some((t) => t.framework === s.name && t.device === device && t.mode === mode)) out.push({ framework: s.name, device, mode, python: s.python });
      }
    }
  }
  return out;
}
