import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { configOf, formatConfig, type TargetConfig } from '../model/target-id.js';
import { VERSION } from '../version.js';

export interface MachineFingerprint {
  hostname: string;
  cpu_model: string;
  cpu_cores: number;
  cpu_flags: string[];
  memory_bytes: number;
  os: string;
  kernel: string;
  arch: string;
  node: string;
  portabench_version: string;
  gpus: Array<{ name: string; driver: string; memory: string }>;
}

const INTERESTING_FLAGS = ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512bw', 'avx512_bf16', 'avx512_fp16', 'amx_bf16', 'amx_tile', 'neon', 'asimd', 'sve'];

function osName(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const m = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(text);
    if (m) return m[1];
  } catch {
    /* not Linux */
  }
  return `${os.type()} ${os.release()}`;
}

function cpuFlags(): string[] {
  try {
    const text = readFileSync('/proc/cpuinfo', 'utf8');
    const m = /^(flags|Features)\s*:\s*(.*)$/m.exec(text);
    if (!m) return [];
    const flags = new Set(m[2].split(/\s+/));
    return INTERESTING_FLAGS.filter((f) => flags.has(f));
  } catch {
    return [];
  }
}

/** NVIDIA GPUs as nvidia-smi lists them; none when it is absent. */
function nvidiaGpus(): MachineFingerprint['gpus'] {
  const candidates = ['/usr/bin/nvidia-smi', '/usr/local/nvidia/bin/nvidia-smi', 'nvidia-smi'];
  for (const cmd of candidates) {
    if (cmd.startsWith('/') && !existsSync(cmd)) continue;
    try {
      const out = execFileSync(cmd, ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader'], { timeout: 10_000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return out
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const [name, driver, memory] = l.split(',').map((s) => s.trim());
          return { name, driver, memory };
        });
    } catch {
      /* try the next */
    }
  }
  return [];
}

export function machineFingerprint(): MachineFingerprint {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    cpu_model: cpus[0]?.model?.trim() ?? 'unknown',
    cpu_cores: cpus.length,
    cpu_flags: cpuFlags(),
    memory_bytes: os.totalmem(),
    os: osName(),
    kernel: os.release(),
    arch: os.arch(),
    node: process.version,
    portabench_version: VERSION,
    gpus: nvidiaGpus(),
  };
}

/** What a report shows of where a target ran: the machine, the framework build, the timer calibration. */
export interface TargetFingerprint {
  machine: Partial<MachineFingerprint>;
  framework: { version: string | null; python: string | null; hardware: string | null; build: Record<string, unknown>; config: TargetConfig | null };
  calibration: Record<string, unknown> | null;
}

function parseJson<T>(text: string | null | undefined): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

export function targetFingerprint(
  runFingerprint: string | null | undefined,
  t: { framework_version: string | null; python: string | null; hardware: string | null; build: string | null; calibration?: string | null; config?: string | null },
): TargetFingerprint {
  return {
    machine: parseJson<MachineFingerprint>(runFingerprint) ?? {},
    framework: { version: t.framework_version, python: t.python, hardware: t.hardware, build: parseJson<Record<string, unknown>>(t.build) ?? {}, config: configOf(t.config) },
    calibration: parseJson<Record<string, unknown>>(t.calibration),
  };
}

const BUILD_KEYS = ['cuda', 'cudnn', 'cuda_version', 'cudnn_version', 'cpu_capability', 'jaxlib', 'platform_version', 'compute_capability', 'python_version', 'x64'];

/** A few lines per target for the text report: machine, build flags, timer calibration. */
export function fingerprintLines(label: string, f: TargetFingerprint): string[] {
  const m = f.machine;
  const mem = m.memory_bytes ? `${(m.memory_bytes / 2 ** 30).toFixed(0)} GiB` : '?';
  const gpus = m.gpus?.length ? `; GPU ${m.gpus.map((g) => `${g.name} (driver ${g.driver}, ${g.memory})`).join(', ')}` : '';
  const build = BUILD_KEYS.filter((k) => f.framework.build[k] != null).map((k) => `${k} ${String(f.framework.build[k])}`);
  const c = f.calibration as { timer_resolution_ns?: number; call_overhead_ns?: number } | null;
  const lines = [
    `${label}: ${f.framework.hardware ?? '?'} — ${m.cpu_model ?? '?'} × ${m.cpu_cores ?? '?'}, ${mem}, ${m.os ?? '?'} (${m.kernel ?? '?'})${gpus}`,
    `  version ${f.framework.version ?? '?'}${build.length ? `; ${build.join(', ')}` : ''}${m.cpu_flags?.length ? `; CPU ${m.cpu_flags.join(' ')}` : ''}`,
  ];
  const config = formatConfig(f.framework.config);
  lines.push(config ? `  framework configuration ${config.slice(1, -1)} (--framework-config: not the framework's default)` : "  framework configuration: the framework's default");
  if (c?.timer_resolution_ns != null) lines.push(`  timer resolution ${c.timer_resolution_ns} ns; harness cost per timed call ${c.call_overhead_ns?.toFixed(0) ?? '?'} ns`);
  return lines;
}
