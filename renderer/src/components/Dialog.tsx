import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Icon } from './Icon';

interface DialogProps {
  title: string;
  /** One line under the title, also read out when the dialog opens. */
  description?: ReactNode;
  onClose(): void;
  children: ReactNode;
  wide?: boolean;
}

/**
 * A modal on the native <dialog>: the browser keeps focus inside it and makes the page behind it
 * inert; Escape closes it. Focus starts on the element marked data-autofocus (else the first
 * control) and goes back to where it was when the dialog goes away.
 */
export function Dialog({ title, description, onClose, children, wide }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current!;
    const returnTo = document.activeElement as HTMLElement | null;
    dialog.showModal();
    // React's autoFocus runs while the dialog is still closed (and unfocusable): the element
    // that should have the focus says so with data-autofocus, and gets it once the dialog shows.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const onCancel = (event: Event) => {
      event.preventDefault();
      close.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (returnTo?.isConnected) returnTo.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog wide' : 'dialog'}
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-description` : undefined}
    >
      <header className="dialog-header">
        <div>
          <h2 id={`${id}-title`}>{title}</h2>
          {description && (
            <p id={`${id}-description`} className="muted">
              {description}
            </p>
          )}
        </div>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}
