import { useState } from 'react';
import type { EventDto } from '@shared/domain';
import type { QuestionDto } from '@shared/questions';
import { act } from '../../api/act';
import { changesTo } from '../../api/live';
import { useChannel } from '../../api/use-channel';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { QuestionDialog } from './QuestionDialog';
import { kindLabels } from './question-form';

type Open =
  { kind: 'edit'; question: QuestionDto | null } | { kind: 'delete'; question: QuestionDto } | null;

/** The event's registration questions: add, edit, reorder and delete them. */
export function QuestionsPanel({ event }: { event: EventDto }) {
  const list = useChannel('questions.list', { eventId: event.id }, { watch: changesTo(event.id) });
  const [open, setOpen] = useState<Open>(null);
  const questions = list.data ?? [];
  const editable = event.status !== 'cancelled';
  const close = () => setOpen(null);

  const move = async (index: number, by: -1 | 1) => {
    const order = [...questions];
    const [moved] = order.splice(index, 1);
    order.splice(index + by, 0, moved!);
    await act(
      'questions.reorder',
      { eventId: event.id, order: order.map(({ id, version }) => ({ id, version })) },
      () => [`“${moved!.label}” moved ${by < 0 ? 'up' : 'down'}`],
    );
    await list.refetch();
  };

  return (
    <section className="panel questions" aria-labelledby="questions-title">
      <div className="toolbar-row">
        <h2 id="questions-title">Registration questions</h2>
        {editable && (
          <Button icon="plus" onClick={() => setOpen({ kind: 'edit', question: null })}>
            Add question
          </Button>
        )}
      </div>
      {questions.length === 0 ? (
        <p className="muted">
          Only name and email are asked. Add questions such as dietary needs or T-shirt size.
        </p>
      ) : (
        <ol className="question-list">
          {questions.map((question, index) => (
            <li key={question.id}>
              <span className="question-label">
                {question.label}
                {question.required && <span className="muted"> · required</span>}
              </span>
              <span className="muted">
                {kindLabels[question.kind]}
                {question.choices.length > 0 && `: ${question.choices.join(', ')}`}
              </span>
              {question.doorVisible && <span className="count-pill">Shown at the door</span>}
              {editable && (
                <span className="button-row">
                  <Button
                    variant="ghost"
                    aria-label={`Move “${question.label}” up`}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    ↑
                  </Button>
                  <Button
                    variant="ghost"
                    aria-label={`Move “${question.label}” down`}
                    disabled={index === questions.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    ↓
                  </Button>
                  <Button variant="ghost" onClick={() => setOpen({ kind: 'edit', question })}>
                    Edit
                  </Button>
                  <Button variant="ghost" onClick={() => setOpen({ kind: 'delete', question })}>
                    Delete
                  </Button>
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
      {open?.kind === 'edit' && (
        <QuestionDialog
          eventId={event.id}
          question={open.question}
          onClose={close}
          onSaved={() => {
            close();
            void list.refetch();
          }}
        />
      )}
      {open?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete “${open.question.label}”?`}
          confirm="Delete question"
          danger
          onClose={close}
          onConfirm={async () => {
            const { question } = open;
            await act('questions.delete', { id: question.id, version: question.version }, (r) => [
              r.outcome === 'archived'
                ? `“${question.label}” is no longer asked`
                : `“${question.label}” is deleted`,
              r.outcome === 'archived'
                ? 'People had answered it, so their answers are kept for exports.'
                : undefined,
            ]);
            close();
            await list.refetch();
          }}
        >
          {open.question.answerCount > 0
            ? `${open.question.answerCount} people answered it. Their answers are kept; the question is no longer asked.`
            : 'Nobody has answered it yet.'}
        </ConfirmDialog>
      )}
    </section>
  );
}
