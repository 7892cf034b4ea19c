// A child process for the kill test: imports DIR into DATABASE and prints each progress step,
// so the parent can SIGKILL it at a chosen moment.
import { createBillDatabase, importBillRun } from '../src/index.js';

const [databaseUrl, dir] = process.argv.slice(2);
const database = await createBillDatabase({ databaseUrl, migrate: false });
let last = '';
const report = await importBillRun(database, dir ?? '', {
  onProgress: (progress) => {
    const line = `${progress.phase} ${progress.records}`;
    if (line !== last) process.stdout.write(`${line}\n`);
    last = line;
  },
});
process.stdout.write(`report ${report.status}\n`);
await database.close();
