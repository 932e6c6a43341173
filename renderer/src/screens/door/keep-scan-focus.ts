import type { MouseEvent } from 'react';

/**
 * For the station's buttons that act without asking anything (Seen, Sync now): a click must not
 * take the focus from the scan field, because a scanner may be typing the next code right then
 * and its first keys would land on the button instead.
 */
export const keepScanFocus = (event: MouseEvent) => event.preventDefault();
