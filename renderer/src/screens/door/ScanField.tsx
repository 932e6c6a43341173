import type { FormEvent, Ref } from 'react';
import type { Direction } from '@shared/contract/points';
import { Icon } from '../../components/Icon';
import { keyLabel } from '../../app/shortcuts';
import { useVerdict } from '../../stores/door-verdict';
import { markScan } from '../../app/perf';

/**
 * The field hand scanners type into. Uncontrolled: a scanner's burst of keys costs no renders, and
 * Enter hands the code over and empties the field at once for the next ticket.
 */
export function ScanField({
  ref,
  direction,
}: {
  ref: Ref<HTMLInputElement>;
  direction: Direction;
}) {
  const scan = useVerdict((state) => state.scan);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem('code') as HTMLInputElement;
    markScan('enter');
    const code = input.value.trim();
    input.value = '';
    if (code) void scan(code);
  };
  return (
    <form className="scan-field" onSubmit={submit}>
      <label htmlFor="door-scan-code">
        {direction === 'out' && <strong className="scan-direction">Checking people OUT: </strong>}
        Scan a ticket, or type its code and press Enter
      </label>
      <div className="scan-input">
        <Icon name="qr" size={32} />
        <input
          ref={ref}
          id="door-scan-code"
          name="code"
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          spellCheck={false}
          enterKeyHint="go"
        />
      </div>
      <p className="scan-keys muted">
        <kbd>Enter</kbd> {direction === 'out' ? 'check out' : 'check in'} ·{' '}
        <kbd>{keyLabel('mod+f')}</kbd> find by name · <kbd>{keyLabel('mod+z')}</kbd> undo the last
        check-in
      </p>
    </form>
  );
}
