import cliProgress from 'cli-progress';
import type { ImportProgress } from './data/import/import-bill-run.js';

export interface ImportProgressBar {
  readonly onProgress: (progress: ImportProgress) => void;
  stop(): void;
}

/**
 * A progress bar for long imports on a terminal: bytes of `records.csv` loaded, records so far,
 * and the phase. On anything that is not a TTY it draws nothing (logs and CI stay clean).
 */
export function createImportProgressBar(stream: NodeJS.WriteStream = process.stderr): ImportProgressBar {
  if (!stream.isTTY) return { onProgress: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{phase} [{bar}] {percentage}% | {records} records | {eta_formatted} left',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress(progress) {
      const payload = { phase: progress.phase.padEnd(10), records: progress.records.toLocaleString('en-GB') };
      if (!started) {
        bar.start(Math.max(progress.totalBytes, 1), 0, payload);
        started = true;
      }
      bar.update(progress.bytesRead, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
