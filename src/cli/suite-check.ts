import type { Command } from 'commander';
import { UsageError } from './common.js';

// Scaffolding: the paper-2023 work (issue 4) replaces this with the real validator.
export function registerSuiteCheck(suite: Command): void {
  suite
    .command('check [dir]')
    .description('validate a suite (not built yet)')
    .action(() => {
      throw new UsageError('suite check is not implemented yet');
    });
}
