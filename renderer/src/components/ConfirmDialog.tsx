import { useState, type ReactNode } from 'react';
import { Button } from './Button';
import { Dialog } from './Dialog';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirm: string;
  /** Resolves when done; the dialog stays open (and busy) until then. */
  onConfirm(): Promise<unknown>;
  onClose(): void;
  danger?: boolean;
}

/** "Are you sure?" for what cannot be undone in one click. The safe choice has the focus. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { title, children, confirm, onConfirm, onClose, danger } = props;
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title={title} onClose={onClose}>
      <div className="stack">
        <div className="confirm-text">{children}</div>
        <div className="form-actions">
          <Button data-autofocus onClick={onClose}>
            Keep it
          </Button>
          <Button
            variant={danger ? 'danger' : 'primary'}
            busy={busy}
            onClick={async () => {
              setBusy(true);
              await onConfirm();
              setBusy(false);
              onClose();
            }}
          >
            {confirm}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
