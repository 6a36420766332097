import type { Command } from 'commander';
import { UsageError } from './common.js';

// Scaffolding: the sampling work (issue 5) replaces this with the real command.
export function registerSuiteNew(suite: Command): void {
  suite
    .command('new')
    .description('lay out a suite from a sample manifest (not built yet)')
    .action(() => {
      throw new UsageError('suite new is not implemented yet');
    });
}
