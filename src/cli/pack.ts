import type { Command } from 'commander';
import { buildPack } from '../pack/build.js';
import { collect, configOption, err, out, resolveSettings } from './common.js';

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

export function registerPack(program: Command): void {
  program
    .command('pack')
    .description('one self-contained archive for a machine with only Python: a Node runtime, the built CLI with production dependencies, the Python side and suites; unpack it and run portabench/bin/portabench with --python')
    .option('--out <file>', 'the archive to write', 'portabench-pack.tar.xz')
    .option('-s, --suite <name...>', 'suites to include (default: smoke and paper-2023)', collect)
    .option('--with-html', 'include what report --format html needs (Vega, Vega-Lite)')
    .option('--with-bench', 'include the timing bench and bench/device-run.sh, for a one-shot run on a GPU machine')
    .option('--node <path>', 'the Node binary to ship, e.g. the one "setup --with node-lts" installs (default: the Node running pack)')
    .addOption(configOption())
    .option('--json', 'print what was packed as JSON')
    .action(async (opts) => {
      const { config } = resolveSettings(opts);
      const res = await buildPack({ out: opts.out, suites: opts.suite, withHtml: !!opts.withHtml, withBench: !!opts.withBench, node: opts.node, config, onStep: opts.json ? undefined : (s) => err(`packing ${s}…`) });
      if (res.node_note) err(`pack: ${res.node_note}`);
      if (opts.json) {
        out(JSON.stringify(res, null, 2));
        return;
      }
      out(`wrote ${res.file}: ${mb(res.bytes)} compressed, ${mb(res.unpacked_bytes)} unpacked (Node ${res.node}; suites ${res.suites.join(', ')})`);
      for (const p of res.parts) out(`  ${p.path.padEnd(18)} ${mb(p.bytes)}`);
      out(`On the target machine: tar -xJf ${res.file.split('/').pop()} && ./portabench/bin/portabench doctor --python pytorch=/path/to/python`);
    });
}
