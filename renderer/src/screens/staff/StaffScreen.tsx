import { useState } from 'react';
import type { ChannelInput } from '@shared/contract';
import { roles, type Role, type UserDto } from '@shared/domain';
import { act } from '../../api/act';
import { useChannel } from '../../api/use-channel';
import { Button } from '../../components/Button';
import { PageHeader } from '../../layout/PageHeader';
import { useSession } from '../../stores/session';
import { toastError } from '../../stores/toasts';
import { keys } from '../../app/shortcut-list';
import { useShortcut } from '../../app/shortcuts';
import { Loading } from '../../components/EmptyState';
import { NewStaffForm } from './NewStaffForm';
import { SignInHistoryDialog } from './SignInHistoryDialog';
import { roleLabels } from './roles';
import { DevicesPanel } from '../devices/DevicesPanel';

type Update = (input: ChannelInput<'users.update'>, done: string) => Promise<void>;

function StaffRow(props: {
  user: UserDto;
  isSelf: boolean;
  update: Update;
  onHistory(user: UserDto): void;
}) {
  const { user, isSelf, update, onHistory } = props;
  return (
    <tr className={user.disabled ? 'disabled' : undefined}>
      <td>
        <span className="cell-title">{user.fullName}</span>
        {isSelf && <span className="tag">You</span>}
      </td>
      <td className="muted">{user.email}</td>
      <td>
        <select
          aria-label={`Role of ${user.fullName}`}
          value={user.role}
          disabled={isSelf}
          onChange={(event) =>
            void update(
              { id: user.id, role: event.target.value as Role },
              `${user.fullName} is now ${roleLabels[event.target.value as Role].toLowerCase()}`,
            )
          }
        >
          {roles.map((value) => (
            <option key={value} value={value}>
              {roleLabels[value]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <span className={user.disabled ? 'badge neutral' : 'badge good'}>
          {user.disabled ? 'Disabled' : 'Active'}
        </span>
      </td>
      <td className="row-actions">
        <Button
          variant="ghost"
          icon="history"
          aria-label={`Sign-in history of ${user.fullName}`}
          onClick={() => onHistory(user)}
        >
          Sign-in history
        </Button>
        {!isSelf && (
          <Button
            variant={user.disabled ? 'secondary' : 'ghost'}
            aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.fullName}`}
            onClick={() =>
              void update(
                { id: user.id, disabled: !user.disabled },
                `${user.fullName} ${user.disabled ? 'can sign in again' : 'is disabled'}`,
              )
            }
          >
            {user.disabled ? 'Enable' : 'Disable'}
          </Button>
        )}
      </td>
    </tr>
  );
}

/** Admins manage staff accounts: who may sign in, and with which role. */
export function StaffScreen() {
  // No change topic covers staff accounts (another admin's edits): asked again whenever this
  // window comes back to the front, and after every change made here.
  const staff = useChannel('users.list', {}, { refetchOnReturn: true, onError: toastError });
  const users = staff.data ?? [];
  const me = useSession((state) => state.user);
  const [adding, setAdding] = useState(false);
  const teamMode = useChannel('settings.get', {}).data?.mode === 'team';
  const [history, setHistory] = useState<UserDto | null>(null);
  useShortcut(keys.create, () => setAdding(true), !adding);

  const update: Update = async (input, done) => {
    const changed = await act('users.update', input, () => [done]);
    if (!changed) return;
    // The answer is the saved account: shown at once, then the list is asked for again.
    staff.replace((list) => list && list.map((user) => (user.id === changed.id ? changed : user)));
    await staff.refetch();
  };

  return (
    <>
      <PageHeader
        title="Staff"
        lead="Accounts for the people who run your events."
        actions={
          !adding && (
            <Button variant="primary" icon="plus" onClick={() => setAdding(true)}>
              Add staff
            </Button>
          )
        }
      />
      <div className="stack">
        {adding && <NewStaffForm onCreated={staff.refetch} onDone={() => setAdding(false)} />}
        <div className="panel flush">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <StaffRow
                  key={user.id}
                  user={user}
                  isSelf={user.id === me?.id}
                  update={update}
                  onHistory={setHistory}
                />
              ))}
            </tbody>
          </table>
          {!staff.data && <Loading label="Loading staff…" />}
        </div>
      </div>
      {teamMode && <DevicesPanel />}
      {history && <SignInHistoryDialog user={history} onClose={() => setHistory(null)} />}
    </>
  );
}
