import { useState } from 'react';
import type { DoorStaffMember } from '@shared/contract/door-staff';
import type { EventDto } from '@shared/domain';
import { act } from '../../api/act';
import { changesTo } from '../../api/live';
import { useChannel } from '../../api/use-channel';
import { Button } from '../../components/Button';
import { Checkbox } from '../../components/Field';
import { useSession } from '../../stores/session';
import { roleLabels } from '../staff/roles';

/**
 * Who works this event's door. Door staff work every published event until an admin limits
 * them to assigned events; then the event's organizers assign them here.
 */
export function DoorStaffPanel(props: { event: EventDto }) {
  const { event } = props;
  const isAdmin = useSession((state) => state.user?.role === 'admin');
  const staff = useChannel('doorStaff.list', { eventId: event.id }, { watch: changesTo(event.id) });
  const members = staff.data ?? [];
  // The box shows the click at once; the server's answer (or a refusal) then settles it.
  const [pending, setPending] = useState<Record<string, boolean>>({});

  const assign = async (member: DoorStaffMember, assigned: boolean) => {
    setPending((current) => ({ ...current, [member.id]: assigned }));
    await act('doorStaff.assign', { eventId: event.id, userId: member.id, assigned }, () => [
      assigned
        ? `${member.fullName} works ${event.title}`
        : `${member.fullName} no longer works ${event.title}`,
    ]);
    await staff.refetch();
    setPending(({ [member.id]: _settled, ...rest }) => rest);
  };
  const setAllEvents = async (member: DoorStaffMember, allEvents: boolean) => {
    await act('doorStaff.setAllEvents', { userId: member.id, allEvents }, () => [
      allEvents
        ? `${member.fullName} works every event`
        : `${member.fullName} works assigned events only`,
    ]);
    await staff.refetch();
  };

  return (
    <section className="panel" aria-labelledby="door-staff-title">
      <div className="toolbar-row">
        <h2 id="door-staff-title">Door staff</h2>
      </div>
      {members.length === 0 ? (
        <p className="muted">No door staff yet. Admins add them under Staff.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Works this event</th>
              {isAdmin && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.id}>
                <th scope="row">{member.fullName}</th>
                <td>{roleLabels[member.role]}</td>
                <td>
                  {member.allEvents ? (
                    'Yes: works every event'
                  ) : (
                    <Checkbox
                      label={`${member.fullName} works ${event.title}`}
                      checked={pending[member.id] ?? member.assigned}
                      onChange={(on) => void assign(member, on)}
                    />
                  )}
                </td>
                {isAdmin && (
                  <td className="button-row">
                    <Button
                      variant="ghost"
                      onClick={() => void setAllEvents(member, !member.allEvents)}
                    >
                      {member.allEvents ? 'Assigned events only' : 'Every event'}
                      <span className="visually-hidden"> for {member.fullName}</span>
                    </Button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
