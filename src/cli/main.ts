import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { FormatError } from '../report/render.js';
import { err, UsageError } from './common.js';
import { registerDoctor } from './doctor.js';
import { registerEnumerate } from './enumerate.js';
import { registerImport } from './import.js';
import { registerAnalyse } from './analyse.js';
import { registerCompare } from './compare.js';
import { registerCoverage } from './coverage.js';
import { registerDiff } from './diff.js';
import { registerExport } from './export.js';
import { registerPack } from './pack.js';
import { registerReport } from './report.js';
import { registerRun } from './run.js';
import { registerSample } from './sample.js';
import { registerSetup } from './setup.js';
import { registerSuite } from './suite.js';
import { registerMine } from './mine.js';
import { registerCheck } from './check.js';
import { registerQueue } from './queue.js';
import { registerAgent } from './agent.js';
import { registerServe } from './serve.js';
import { registerTraceApi } from './trace-api.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('portabench')
    .description('How portable are ML frameworks across hardware? Run test suites per framework × device × mode, classify failures, compare latencies.')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerSetup(program);
  registerDoctor(program);
  registerRun(program);
  registerReport(program);
  registerSuite(program);
  registerImport(program);
  registerAnalyse(program);
  registerCompare(program);
  registerDiff(program);
  registerCoverage(program);
  registerExport(program);
  registerPack(program);
  registerEnumerate(program);
  registerSample(program);
  registerMine(program);
  registerCheck(program);
  registerQueue(program);
  registerAgent(program);
  registerServe(program);
  registerTraceApi(program);
  return program;
}

/** Run the CLI; resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError || e instanceof FormatError) {
      err(`portabench: ${e.message}`);
      return 1;
    }
    err(`portabench: ${(e as Error).message ?? String(e)}`);
    if (process.env.PORTABENCH_DEBUG) err((e as Error).stack ?? '');
    return 1;
  }
}
