import type { UserDto } from '@shared/domain';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { EmptyState, Loading } from '../../components/EmptyState';
import { AuditTable } from '../activity/AuditTable';
import { useAuditLog } from '../activity/use-audit-log';

const signInActions = ['auth.login', 'auth.login_failed'];

/** A staff member's sign-ins and failed attempts, from the audit log. */
export function SignInHistoryDialog({ user, onClose }: { user: UserDto; onClose(): void }) {
  const log = useAuditLog({ userId: user.id, actions: signInActions });
  return (
    <Dialog
      title="Sign-in history"
      description={`${user.fullName} · ${user.email}`}
      onClose={onClose}
      wide
    >
      {!log.items ? (
        <Loading label="Loading sign-ins…" />
      ) : log.items.length === 0 ? (
        <EmptyState title="No sign-ins yet">{user.fullName} has not signed in so far.</EmptyState>
      ) : (
        <div className="stack">
          <div className="panel flush dialog-table">
            <AuditTable entries={log.items} showEvent={false} label="Sign-ins" />
          </div>
          {log.hasMore && (
            <Button busy={log.loading} onClick={() => void log.loadMore()}>
              Show older
            </Button>
          )}
        </div>
      )}
    </Dialog>
  );
}
