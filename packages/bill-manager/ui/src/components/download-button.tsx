import { useState } from 'react';
import { describeError } from '../api/api-error.js';
import type { QueryValue } from '../api/create-api-client.js';
import { useSession } from '../session/session-context.js';
import { Icon } from './icons.js';

function fileNameFrom(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/**
 * Fetches an export and saves it. Fetching (rather than a plain link) lets the page say why an
 * export was refused — the hourly quota, say — instead of saving an error as a file.
 */
export function DownloadButton({
  path,
  query,
  fileName,
  label,
  variant = 'secondary',
  onDone,
  disabled,
}: {
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly fileName: string;
  readonly label: string;
  readonly variant?: 'primary' | 'secondary';
  readonly onDone?: () => void;
  readonly disabled?: boolean;
}) {
  const { api } = useSession();
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  const download = async () => {
    setState({ busy: true, error: null });
    try {
      const response = await api.raw(path, query);
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = fileNameFrom(response, fileName);
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ busy: false, error: null });
      onDone?.();
    } catch (error) {
      setState({ busy: false, error: describeError(error) });
    }
  };

  return (
    <span className="download">
      <button
        type="button"
        className={variant === 'primary' ? 'button' : 'button button-secondary'}
        disabled={disabled || state.busy}
        aria-busy={state.busy}
        onClick={() => {
          void download();
        }}
      >
        <Icon name="download" className="button-icon" />
        {state.busy ? 'Preparing…' : label}
      </button>
      {state.error ? (
        <span className="field-error download-error" role="alert">
          {state.error}
        </span>
      ) : null}
    </span>
  );
}
