export {
  type CandidateValidator,
  createCandidateValidator,
  type Identified,
  type ScannedKind,
} from './candidate-validator.js';
export {
  CORPUS_FORMATS,
  type Corpus,
  type CorpusFormat,
  type ExpectedFinding,
  generateCorpus,
} from './corpus/generate-corpus.js';
export { createReplacer, type RedactMode } from './create-replacer.js';
export { LogScannerError, type LogScannerErrorCode } from './errors.js';
export { type ExpandedPaths, expandPaths } from './expand-paths.js';
export type { FileScanResult, IdentifierTally } from './file-tally.js';
export { formatBytes, formatCsv, formatJson, formatTable, maskIdentifier } from './format-report.js';
export type { OpenSink, OutputSink } from './output-sink.js';
export { EXIT_CLEAN, EXIT_ERROR, EXIT_FOUND, runScan, type ScanIo } from './run-scan.js';
export { type BufferScanner, createBufferScanner, type ScanHit } from './scan-buffer.js';
export { type ScanConfig, scanConfigSchema } from './scan-config.js';
export { type RedactFileOptions, type ScanFileHooks, type ScanFileOptions, scanFile } from './scan-file.js';
export { defaultWorkerUrl, type ScanFilesOptions, scanFiles } from './scan-files.js';
export {
  type BreachAssessment,
  buildScanReport,
  type ReportedIdentifier,
  type ScanReport,
} from './scan-report.js';
export { scanText, type TextFinding } from './scan-text.js';
