import { useEffect, useState } from 'react';
import {
  placeholders,
  templateKinds,
  type MailPreview,
  type TemplateDto,
  type TemplateKind,
} from '@shared/contract/mail';
import { act } from '../../api/act';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/Field';
import { kindLabels } from './labels';
import { MessagePreview } from './MessagePreview';

/** One event's templates: edit, preview exactly as sent, choose which go out by themselves. */
export function TemplateEditor({ eventId }: { eventId: string }) {
  const [templates, setTemplates] = useState<TemplateDto[]>([]);
  const [kind, setKind] = useState<TemplateKind>('confirmation');
  const [draft, setDraft] = useState<TemplateDto | null>(null);
  const [preview, setPreview] = useState<MailPreview | null>(null);
  const [error, setError] = useState<Record<string, string>>({});

  useEffect(() => {
    void call('mail.templates', { eventId }).then((r) => {
      if (!r.ok) return;
      setTemplates(r.value);
      setDraft(r.value.find((t) => t.kind === 'confirmation') ?? null);
    });
  }, [eventId]);
  const choose = (next: TemplateKind) => {
    setKind(next);
    setDraft(templates.find((t) => t.kind === next) ?? null);
    setPreview(null);
  };

  if (!draft) return null;
  const edit = (patch: Partial<TemplateDto>) => setDraft({ ...draft, ...patch });

  async function showPreview() {
    const result = await call('mail.preview', {
      eventId,
      kind,
      subject: draft!.subject,
      body: draft!.body,
    });
    if (result.ok) {
      setError({});
      setPreview(result.value);
    } else setError(result.error.fields ?? { body: result.error.message });
  }

  async function save() {
    const saved = await act(
      'mail.saveTemplate',
      {
        eventId,
        kind,
        subject: draft!.subject,
        body: draft!.body,
        auto: draft!.auto,
        remindMinutes: kind === 'reminder' ? (draft!.remindMinutes ?? 1440) : null,
      },
      () => ['Template saved'],
    );
    if (!saved) return;
    setError({});
    setTemplates((list) => list.map((t) => (t.kind === kind ? saved : t)));
  }

  return (
    <section className="panel stack" aria-labelledby="mail-templates-title">
      <h2 id="mail-templates-title">Messages</h2>
      <SelectField
        label="Message"
        value={kind}
        onChange={(v) => choose(v as TemplateKind)}
        options={templateKinds.map((k) => ({ value: k, label: kindLabels[k] }))}
      />
      <TextField
        label="Subject"
        value={draft.subject}
        onChange={(subject) => edit({ subject })}
        error={error.subject}
      />
      <TextArea
        label="Message text"
        rows={8}
        value={draft.body}
        onChange={(body) => edit({ body })}
        error={error.body}
        hint={`Placeholders: ${placeholders.map((p) => `{{${p}}}`).join(' ')}`}
      />
      <Checkbox
        label={kind === 'reminder' ? 'Send reminders' : 'Send automatically'}
        checked={draft.auto}
        onChange={(auto) => edit({ auto })}
      />
      {kind === 'reminder' && (
        <TextField
          label="Minutes before the start"
          inputMode="numeric"
          value={String(draft.remindMinutes ?? 1440)}
          onChange={(v) => edit({ remindMinutes: Number(v) || null })}
        />
      )}
      <div className="actions">
        <Button onClick={() => void showPreview()}>Preview</Button>
        <Button variant="primary" onClick={() => void save()}>
          Save template
        </Button>
      </div>
      {preview && <MessagePreview preview={preview} />}
    </section>
  );
}
