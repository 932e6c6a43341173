import { useState } from 'react';
import type { BadgeLayoutDto } from '@shared/contract/badges';
import type { EventDto } from '@shared/domain';
import { act } from '../../api/act';
import { call } from '../../api/client';
import { changesTo } from '../../api/live';
import { useChannel } from '../../api/use-channel';
import { Button } from '../../components/Button';
import { Checkbox, SelectField } from '../../components/Field';
import { plural } from '../../format/numbers';
import { toastError, toastSuccess } from '../../stores/toasts';

const NONE = '';

/** What the badges show, as the person is choosing it: saved with "Save layout". */
function LayoutForm(props: { event: EventDto; layout: BadgeLayoutDto; onSaved(): void }) {
  const { event, layout, onSaved } = props;
  const questions =
    useChannel('questions.list', { eventId: event.id }, { watch: changesTo(event.id) }).data ?? [];
  const [subtitle, setSubtitle] = useState(layout.subtitleQuestionId ?? NONE);
  const [showType, setShowType] = useState(layout.showTicketType);
  const changed =
    subtitle !== (layout.subtitleQuestionId ?? NONE) || showType !== layout.showTicketType;

  const save = async () => {
    const saved = await act(
      'badges.saveLayout',
      {
        eventId: event.id,
        version: layout.version,
        subtitleQuestionId: subtitle === NONE ? null : subtitle,
        showTicketType: showType,
      },
      () => ['Badge layout saved'],
    );
    if (saved) onSaved();
  };

  return (
    <div className="badge-layout">
      <SelectField
        label="Under the name"
        hint="An answer printed under each name, such as a company."
        value={subtitle}
        onChange={setSubtitle}
        options={[
          { value: NONE, label: 'Nothing' },
          ...questions.map((question) => ({ value: question.id, label: question.label })),
        ]}
      />
      <Checkbox label="Show the ticket type" checked={showType} onChange={setShowType} />
      <Button disabled={!changed} onClick={() => void save()}>
        Save layout
      </Button>
    </div>
  );
}

/**
 * Name badges for the event's registered attendees: the name, the chosen answer under it, the
 * ticket type and the QR, six to an A4 sheet. Main's save dialog asks where the PDF goes.
 */
export function BadgesPanel({ event }: { event: EventDto }) {
  const layout = useChannel('badges.layout', { eventId: event.id }, { watch: changesTo(event.id) });
  const [busy, setBusy] = useState(false);

  const print = async () => {
    setBusy(true);
    // The path is main's to choose (electron/main/save-dialog.ts): the renderer never names one.
    const result = await call('badges.batch', {
      eventId: event.id,
      filter: 'registered',
      path: '',
    });
    setBusy(false);
    if (!result.ok) {
      // A closed save dialog is no failure worth a red toast.
      if (result.error.code !== 'CONFLICT') toastError(result.error);
      return;
    }
    toastSuccess(`${plural(result.value.badges, 'badge')} saved`, result.value.path);
  };

  return (
    <section className="panel" aria-labelledby="badges-title">
      <div className="toolbar-row">
        <h2 id="badges-title">Name badges</h2>
        <Button icon="download" busy={busy} onClick={() => void print()}>
          Save badges for printing…
        </Button>
      </div>
      {layout.data && (
        <LayoutForm
          key={layout.data.version}
          event={event}
          layout={layout.data}
          onSaved={() => void layout.refetch()}
        />
      )}
    </section>
  );
}
