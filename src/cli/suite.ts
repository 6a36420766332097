import type { Command } from 'commander';
import { registerSuiteCheck } from './suite-check.js';
import { registerSuiteNew } from './suite-new.js';

export function registerSuite(program: Command): void {
  const suite = program.command('suite').description('work with test suites: check one, lay out a new one');
  registerSuiteCheck(suite);
  registerSuiteNew(suite);
}
