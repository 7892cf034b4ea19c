/**
 * The worker-thread entry: a thin wrapper around `scanFile`, loaded from the compiled `dist/`
 * by `scanFiles`. All logic lives in `scanFile`, which tests call in-process.
 */
import { parentPort } from 'node:worker_threads';
import { type CandidateValidator, createCandidateValidator } from './candidate-validator.js';
import { type ScanFileOptions, scanFile } from './scan-file.js';

export interface WorkerRequest {
  readonly id: number;
  readonly path: string;
  readonly options: ScanFileOptions;
}

const PROGRESS_EVERY_MS = 100;
// One validator per country for this worker's life: its cache carries over from file to file.
const validators = new Map<string, CandidateValidator>();

parentPort?.on('message', async (request: WorkerRequest) => {
  let last = 0;
  let validator = validators.get(request.options.country);
  if (!validator) {
    validator = createCandidateValidator({ country: request.options.country });
    validators.set(request.options.country, validator);
  }
  const result = await scanFile(request.path, request.options, {
    validator,
    onProgress: (bytesRead, findings) => {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      parentPort?.postMessage({ type: 'progress', id: request.id, bytesRead, findings });
    },
  });
  parentPort?.postMessage({ type: 'done', id: request.id, result });
});
