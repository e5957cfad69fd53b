// A modal dialog on the native <dialog> element: the browser traps focus, makes the rest of the
// screen inert, and closes on Escape, which is what keyboard and screen-reader users expect.
import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface DialogProps {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly testId?: string;
  readonly wide?: boolean;
  /** A dialog that must be answered (re-authentication) still closes on Escape, as a cancel. */
  readonly description?: string;
}

export function Dialog({ title, onClose, children, testId, wide, description }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    const cancel = (e: Event): void => {
      e.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      if (dialog.open) dialog.close();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog--wide' : 'dialog'}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      data-testid={testId}
    >
      <header className="dialog__header">
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <button type="button" className="button button--ghost" onClick={() => onCloseRef.current()} aria-label={`Close: ${title}`}>
          ✕
        </button>
      </header>
      {description ? (
        <p id={descriptionId} className="dialog__description">
          {description}
        </p>
      ) : null}
      <div className="dialog__body">{children}</div>
    </dialog>
  );
}

/** A dialog's last word after its action succeeded: what happened, and one button to close it. */
export function DialogDone({ children, onClose, testId }: { readonly children: ReactNode; readonly onClose: () => void; readonly testId?: string }) {
  return (
    <>
      <p className="notice" role="status" data-testid={testId}>
        {children}
      </p>
      <div className="form__actions">
        <button type="button" className="button button--primary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </>
  );
}
