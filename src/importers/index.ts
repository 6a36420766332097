export { importForAiPortability, ORIGIN as FOR_AI_PORTABILITY_ORIGIN, type ImportResult, type ImportedRun, type ImportOptions } from './for-ai-portability/import.js';
export { ImportInputError } from './for-ai-portability/files.js';
