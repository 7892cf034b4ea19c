import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, describeError } from '../../api/api-error.js';
import { type ImportRejectedProblem, type ImportReport, PATHS, pathTo } from '../../api/contract.js';
import { PageHeader } from '../../components/page-header.js';
import { formatCount } from '../../format/format-usage.js';
import { usePageTitle } from '../../session/require-session.js';
import { useSignedIn } from '../../session/session-context.js';

const FILES = [
  { name: 'bill-run.csv', label: 'Invoices', hint: 'bill-run.csv — one row per billing account' },
  { name: 'accounts.csv', label: 'Accounts and lines', hint: 'accounts.csv — one row per line' },
  {
    name: 'records.csv',
    label: 'Itemised records',
    hint: 'records.csv — one row per call, message, session or purchase',
  },
] as const;
type FileName = (typeof FILES)[number]['name'];

type Step = { readonly label: string; readonly state: 'waiting' | 'running' | 'done' | 'failed' };

/** A rejected import answers 422 `ERR_WEB_UNPROCESSABLE` with the report in the problem. */
function reportFrom(error: unknown): ImportReport | null {
  if (!(error instanceof ApiError) || error.code !== 'ERR_WEB_UNPROCESSABLE') return null;
  return (error.problem as unknown as Partial<ImportRejectedProblem>).report ?? null;
}

/** Operator staff: upload a bill run's three files and import it; customers see no downtime. */
export function UploadPage() {
  usePageTitle('Upload a bill run');
  const { api } = useSignedIn();
  const [files, setFiles] = useState<Partial<Record<FileName, File>>>({});
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [steps, setSteps] = useState<Step[]>([]);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ready = FILES.every((file) => files[file.name]);

  const run = async () => {
    setBusy(true);
    setReport(null);
    setError(null);
    const plan: Step[] = [
      { label: 'Start upload', state: 'waiting' },
      ...FILES.map((file) => ({ label: `Send ${file.name}`, state: 'waiting' as const })),
      { label: 'Check and publish', state: 'waiting' },
    ];
    setSteps(plan);
    const mark = (index: number, state: Step['state']) =>
      setSteps((current) => current.map((step, at) => (at === index ? { ...step, state } : step)));
    let index = 0;
    try {
      mark(index, 'running');
      const { uploadId } = await api.post<{ uploadId: string }>(PATHS.operatorCreateUpload);
      mark(index++, 'done');
      for (const file of FILES) {
        mark(index, 'running');
        const chosen = files[file.name];
        if (!chosen) throw new Error(`${file.name} is missing`);
        await api.put(pathTo(PATHS.operatorUploadFile, { uploadId, name: file.name }), {
          body: new Blob([chosen], { type: 'text/csv' }),
        });
        mark(index++, 'done');
      }
      mark(index, 'running');
      const result = await api.post<ImportReport>(pathTo(PATHS.operatorImport, { uploadId }), {
        query: { skipInvalid: skipInvalid || undefined },
      });
      mark(index, 'done');
      setReport(result);
    } catch (caught) {
      mark(index, 'failed');
      const rejected = reportFrom(caught);
      if (rejected) setReport(rejected);
      else if (caught instanceof ApiError && caught.status === 409)
        setError('Another import is running. Wait for it to finish, then try again.');
      else setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page page-narrow">
      <PageHeader
        title="Upload a bill run"
        description="The three CSV files of one bill run. Nothing changes for customers until every check passes; then the new bills appear at once."
      />
      <section className="card" aria-labelledby="files-title">
        <h2 id="files-title">Files</h2>
        <form
          className="form section-text"
          onSubmit={(event) => {
            event.preventDefault();
            void run();
          }}
        >
          {FILES.map((file) => (
            <div className="field" key={file.name}>
              <label htmlFor={`file-${file.name}`}>{file.label}</label>
              <input
                id={`file-${file.name}`}
                className="input input-file"
                type="file"
                accept=".csv,text/csv"
                required
                aria-describedby={`hint-${file.name}`}
                onChange={(event) => setFiles({ ...files, [file.name]: event.target.files?.[0] })}
              />
              <span className="field-hint" id={`hint-${file.name}`}>
                {file.hint}
              </span>
            </div>
          ))}
          <label className="checkbox">
            <input
              type="checkbox"
              checked={skipInvalid}
              onChange={(event) => setSkipInvalid(event.target.checked)}
            />
            Leave out invalid records instead of rejecting the whole run (they are listed in the report)
          </label>
          <div>
            <button type="submit" className="button" disabled={!ready || busy}>
              {busy ? 'Importing…' : 'Upload and import'}
            </button>
          </div>
        </form>
      </section>
      {steps.length > 0 ? (
        <section className="card" aria-labelledby="progress-title">
          <h2 id="progress-title">Progress</h2>
          <ol className="steps section-text" aria-live="polite">
            {steps.map((step) => (
              <li key={step.label} className="step" data-state={step.state}>
                <span className="step-dot" aria-hidden="true" />
                {step.label}
                <span className="visually-hidden"> — {step.state}</span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      {report ? (
        <section className="card" aria-labelledby="report-title">
          <h2 id="report-title">
            {report.status === 'published'
              ? 'Published'
              : report.status === 'duplicate'
                ? 'Already imported'
                : 'Rejected'}
          </h2>
          <div
            role="status"
            className={`alert section-text ${report.status === 'rejected' ? 'alert-error' : 'alert-success'}`}
          >
            {report.status === 'published'
              ? `${formatCount(report.invoices)} invoices, ${formatCount(report.lines)} lines and ${formatCount(report.records)} records are now live.`
              : report.status === 'duplicate'
                ? 'These exact files were published before; nothing changed.'
                : `Nothing was published: ${formatCount(report.errorCount)} problem${report.errorCount === 1 ? '' : 's'} found. Customers still see their previous bills.`}
          </div>
          {[...report.errors, ...report.warnings].length > 0 ? (
            <ul className="problem-list">
              {[...report.errors, ...report.warnings].slice(0, 50).map((row) => (
                <li key={`${row.file}:${row.line}:${row.field}`} className="mono">
                  {row.file}:{row.line}: {row.field} {row.message}
                </li>
              ))}
            </ul>
          ) : null}
          <p className="section-text">
            <Link to="/operator/imports">See all imports</Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}
