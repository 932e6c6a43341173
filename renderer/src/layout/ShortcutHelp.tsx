import { shortcutHelp } from '../app/shortcut-list';
import { keyLabel } from '../app/shortcuts';
import { Dialog } from '../components/Dialog';

/** Every keyboard shortcut, as this platform spells it. */
export function ShortcutHelp({ onClose }: { onClose(): void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <dl className="shortcut-list">
        {shortcutHelp.map((shortcut) => (
          <div key={shortcut.keys}>
            <dt>
              <kbd>{keyLabel(shortcut.keys)}</kbd>
            </dt>
            <dd>{shortcut.label}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
