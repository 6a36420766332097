import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (holds python/, suites/), whether running from src/ or dist/. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PYTHON_DIR = resolve(PACKAGE_ROOT, 'python');
export const SUITES_DIR = resolve(PACKAGE_ROOT, 'suites');
