import { cpus } from 'node:os';
import type { Config } from '../envs/config.js';
import { FRAMEWORK_NAMES } from '../envs/frameworks.js';
import { probeAll, type FrameworkStatus } from '../runner/probe.js';
import { MINE_TASK, runTask } from './queue.js';

export interface AgentTarget {
  framework: string;
  version: string | null;
  device: string;
  mode: string;
  /** Hardware names of the device (GPU names; the CPU model for cpu). */
  hardware: string[];
}

/** What an agent announces: what `doctor` finds, plus its labels, and the queue tasks that follow. */
export interface Capabilities {
  targets: AgentTarget[];
  labels: string[];
  mine: boolean;
  tasks: string[];
}

function hardwareOf(s: FrameworkStatus, device: string): string[] {
  const names = s.device_details[device]?.names ?? [];
  if (names.length) return [...new Set(names)];
  const cpu = cpus()[0]?.model?.trim();
  return device === 'cpu' && cpu ? [cpu] : [];
}

/**
 * The queue tasks an agent serves: `run:fw/device/mode` for each target, the same with
 * `@label` for each of its labels and `@hardware` for each hardware name of the device,
 * and `mine` unless mining is turned off.
 */
export function capabilitiesOf(statuses: FrameworkStatus[], labels: string[], mine: boolean): Capabilities {
  const targets: AgentTarget[] = [];
  for (const s of statuses) {
    if (!s.available || !s.python) continue;
    for (const device of s.devices) for (const mode of s.modes) targets.push({ framework: s.name, version: s.version, device, mode, hardware: hardwareOf(s, device) });
  }
  const tasks = new Set<string>();
  for (const t of targets) {
    tasks.add(runTask(t));
    for (const req of [...labels, ...t.hardware]) tasks.add(runTask(t, req));
  }
  if (mine) tasks.add(MINE_TASK);
  return { targets, labels, mine, tasks: [...tasks].sort() };
}

/** Probe this machine's frameworks (as `doctor` does) and derive the agent's capabilities. */
export async function probeCapabilities(config: Config, pythonFlags: Record<string, string>, frameworks: string[] | undefined, labels: string[], mine: boolean): Promise<{ capabilities: Capabilities; statuses: FrameworkStatus[] }> {
  const statuses = await probeAll(config, pythonFlags, frameworks?.length ? frameworks : FRAMEWORK_NAMES);
  return { capabilities: capabilitiesOf(statuses, labels, mine), statuses };
}
