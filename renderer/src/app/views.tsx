import type { ReactElement } from 'react';
import { roleRank, type Role } from '@shared/domain';
import type { IconName } from '../components/Icon';
import { ActivityScreen } from '../screens/activity/ActivityScreen';
import { DoorScreen } from '../screens/door/DoorScreen';
import { EventsScreen } from '../screens/events/EventsScreen';
import { MailScreen } from '../screens/mail/MailScreen';
import { SettingsScreen } from '../screens/settings/SettingsScreen';
import { StaffScreen } from '../screens/staff/StaffScreen';
import type { ViewId } from './view-id';

export interface View {
  id: ViewId;
  label: string;
  icon: IconName;
  /** The lowest role that sees it; the app still checks every call. */
  minRole: Role;
  render(): ReactElement;
}

// The signed-in app's screens, in sidebar order. A new screen is one entry here.
export const views: readonly View[] = [
  {
    id: 'events',
    label: 'Events',
    icon: 'calendar',
    minRole: 'door',
    render: () => <EventsScreen />,
  },
  {
    id: 'door',
    label: 'Door',
    icon: 'door',
    // Stewards scan and search at the station too; the core holds them to their limits.
    minRole: 'steward',
    render: () => <DoorScreen />,
  },
  { id: 'staff', label: 'Staff', icon: 'people', minRole: 'admin', render: () => <StaffScreen /> },
  {
    id: 'activity',
    label: 'Activity',
    icon: 'activity',
    minRole: 'admin',
    render: () => <ActivityScreen />,
  },
  { id: 'mail', label: 'Mail', icon: 'mail', minRole: 'organizer', render: () => <MailScreen /> },
  {
    id: 'settings',
    label: 'Settings',
    icon: 'settings',
    minRole: 'steward',
    render: () => <SettingsScreen signedIn />,
  },
];

export const viewsFor = (role: Role) =>
  views.filter((view) => roleRank[role] >= roleRank[view.minRole]);
