import type { ShortcutInfo } from './shortcuts';

/** Every shortcut in one place: the screens bind these, and the help dialog lists them. */
export const keys = {
  create: 'mod+n',
  search: 'mod+f',
  searchSlash: '/',
  edit: 'mod+e',
  importCsv: 'mod+i',
  exportAttendees: 'mod+shift+e',
  back: 'alt+arrowleft',
  help: '?',
} as const;

export const shortcutHelp: ShortcutInfo[] = [
  { keys: keys.create, label: 'New event, attendee or staff account, on that screen' },
  { keys: keys.search, label: 'Search on this screen (or /)' },
  { keys: keys.edit, label: 'Edit the open event' },
  { keys: keys.importCsv, label: 'Import attendees from a CSV file' },
  { keys: keys.exportAttendees, label: 'Export the attendees of the open event' },
  { keys: keys.back, label: 'Back to the list of events' },
  { keys: 'mod+1', label: 'Go to the first screen in the sidebar (2, 3… for the others)' },
  { keys: keys.help, label: 'Show these shortcuts' },
];
