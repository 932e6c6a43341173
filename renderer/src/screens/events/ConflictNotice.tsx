import type { EventDto } from '@shared/domain';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { dateTime } from '../../format/dates';
import { changedFields } from './event-form-values';

interface ConflictNoticeProps {
  /** The version this edit started from. */
  mine: EventDto;
  /** The version someone else saved meanwhile. */
  theirs: EventDto;
  onReload(): void;
  onOverwrite(): void;
}

/** Someone saved first: say what they changed and let the person choose, never silently. */
export function ConflictNotice({ mine, theirs, onReload, onOverwrite }: ConflictNoticeProps) {
  const changed = changedFields(mine, theirs);
  return (
    <div className="notice attention conflict" role="alert">
      <Icon name="alert" />
      <div className="stack tight">
        <p>
          <strong>Someone else saved this event while you were editing</strong> (
          {dateTime(theirs.updatedAt)}
          {changed.length > 0 && <>; they changed the {changed.join(', ')}</>}). Nothing of yours
          was saved yet.
        </p>
        <div className="button-row">
          <Button icon="refresh" onClick={onReload}>
            Reload their version
          </Button>
          <Button variant="danger" onClick={onOverwrite}>
            Overwrite with mine
          </Button>
        </div>
      </div>
    </div>
  );
}
