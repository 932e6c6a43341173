import { useEffect, useRef } from 'react';

/**
 * Keyboard shortcuts. "mod" is Ctrl, or Cmd on a Mac. Single keys ("/", "?") only fire when no
 * text field has focus, so typing is never hijacked; none fire while a dialog is open, except
 * in that dialog's own handlers.
 */
export interface ShortcutInfo {
  keys: string;
  label: string;
}

const isMac = navigator.platform.toLowerCase().includes('mac');

const arrows: Record<string, string> = {
  arrowleft: '←',
  arrowright: '→',
  arrowup: '↑',
  arrowdown: '↓',
};

/** How a combination reads on this platform: "Ctrl+N" or "⌘N". */
export function keyLabel(combo: string): string {
  return combo
    .split('+')
    .map((part) => {
      if (part === 'mod') return isMac ? '⌘' : 'Ctrl';
      if (part === 'alt') return isMac ? '⌥' : 'Alt';
      if (part === 'shift') return isMac ? '⇧' : 'Shift';
      if (part.startsWith('arrow')) return arrows[part] ?? part;
      return part.length === 1 ? part.toUpperCase() : part;
    })
    .join(isMac ? '' : '+');
}

function editing(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  return (
    element.isContentEditable ||
    element.tagName === 'TEXTAREA' ||
    element.tagName === 'SELECT' ||
    (element.tagName === 'INPUT' &&
      !['checkbox', 'radio', 'button', 'submit'].includes((element as HTMLInputElement).type))
  );
}

export function matches(event: KeyboardEvent, combo: string): boolean {
  const parts = combo.toLowerCase().split('+');
  const key = parts[parts.length - 1]!;
  const mod = parts.includes('mod');
  if (mod !== (isMac ? event.metaKey : event.ctrlKey)) return false;
  if (parts.includes('alt') !== event.altKey) return false;
  if (!mod && !event.altKey && editing(event.target)) return false;
  // "?" arrives with Shift held; for other keys Shift must match what was asked.
  if (key !== '?' && parts.includes('shift') !== event.shiftKey) return false;
  return event.key.toLowerCase() === key || event.code.toLowerCase() === `key${key}`;
}

const dialogOpen = () => document.querySelector('dialog[open]') !== null;

// The handlers bound right now, by combination, in the order they were bound: what a key press
// would run, so a native menu item can run the very same action.
const bound = new Map<string, Set<{ current: () => void }>>();

/**
 * Runs what pressing `combo` would run now (the first handler bound, as a key press does), under
 * the same rule: nothing while a dialog is open. Returns whether anything ran.
 */
export function runShortcut(combo: string): boolean {
  const first = bound.get(combo)?.values().next().value;
  if (!first || dialogOpen()) return false;
  first.current();
  return true;
}

/** Runs `handler` when the combination is pressed, while `enabled`. */
export function useShortcut(combo: string, handler: () => void, enabled = true): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || dialogOpen() || !matches(event, combo)) return;
      event.preventDefault();
      latest.current();
    };
    const handlers = bound.get(combo) ?? new Set();
    bound.set(combo, handlers.add(latest));
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      handlers.delete(latest);
    };
  }, [combo, enabled]);
}
