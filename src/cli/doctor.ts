import type { Command } from 'commander';
import { FRAMEWORK_NAMES } from '../envs/frameworks.js';
import { probeAll, probeAotEnvironments } from '../runner/probe.js';
import { machineFingerprint } from '../runner/fingerprint.js';
import { collect, configOption, out, pythonOption, resolveSettings } from './common.js';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('per framework: the interpreter, version, devices and modes it can use here, and what to do about anything missing')
    .option('-f, --framework <name...>', `frameworks (${FRAMEWORK_NAMES.join(', ')})`, collect)
    .addOption(pythonOption())
    .addOption(configOption())
    .option('--json', 'print JSON: {"frameworks":[…],"machine":{…}}')
    .action(async (opts) => {
      const { config, python: flags } = resolveSettings(opts);
      const frameworks = await probeAll(config, flags, opts.framework ?? FRAMEWORK_NAMES);
      const aot = await probeAotEnvironments(config, opts.framework ?? FRAMEWORK_NAMES);
      if (opts.json) {
        out(JSON.stringify({ frameworks, aot, machine: machineFingerprint() }, null, 2));
      } else {
        for (const f of frameworks) {
          out(`${f.available ? '✓' : '✗'} ${f.name}${f.version ? ` ${f.version}` : ''}`);
          out(`    python:  ${f.python ?? '(none)'}${f.source !== 'missing' ? ` [${f.source}]` : ''}`);
          if (f.available) {
            const devs = Object.entries(f.device_details).map(([d, i]) => (d === 'cpu' ? 'cpu' : `${d} ×${i.count} (${i.names.join(', ')})`));
            out(`    devices: ${devs.join('; ')}`);
            out(`    modes:   ${f.modes.join(', ')}${f.compiled_with ? ` (compiled = ${f.compiled_with})` : ''}`);
            for (const [mode, devices] of Object.entries(f.deviceless ?? {})) out(`    ${mode}:   for ${devices.join(', ')} without the device (compiled for it here, not run: name it with -m ${mode} -d DEVICE)`);
          }
          for (const a of aot.filter((x) => x.name === f.name && x.available)) {
            for (const [device, targets] of Object.entries(a.aot_targets ?? {})) out(`    aot:     for ${device} ${targets.join(', ')} (compiled for it here, not run, without a network: -m aot -d ${device} --aot-target NAME; ${a.python})`);
          }
          if (f.problem) out(`    problem: ${f.problem}`);
          if (f.hint) out(`    to fix:  ${f.hint}`);
        }
      }
      if (!frameworks.some((f) => f.available)) process.exitCode = 1;
    });
}
