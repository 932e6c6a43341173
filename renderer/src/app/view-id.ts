/** The signed-in app's screens; views.tsx says what each one shows. */
export type ViewId = 'events' | 'door' | 'mail' | 'staff' | 'activity' | 'settings';
