import { type FormEvent, type ReactNode, useEffect, useId, useRef } from 'react';

/**
 * A modal form on the native <dialog>: the browser traps focus, Escape closes it, and focus
 * returns to the button that opened it.
 */
export function ModalDialog({
  open,
  title,
  description,
  onClose,
  onSubmit,
  submitLabel,
  busy,
  error,
  danger,
  children,
}: {
  readonly open: boolean;
  readonly title: string;
  readonly description?: ReactNode;
  readonly onClose: () => void;
  readonly onSubmit: () => void;
  readonly submitLabel: string;
  readonly busy?: boolean;
  readonly error?: string | null;
  readonly danger?: boolean;
  readonly children?: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <dialog ref={ref} className="modal" aria-labelledby={titleId} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <h2 id={titleId}>{title}</h2>
        {description ? <p className="muted">{description}</p> : null}
        {error ? (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        ) : null}
        {children}
        <div className="modal-actions">
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={danger ? 'button button-danger' : 'button'} disabled={busy}>
            {busy ? 'Saving…' : submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
