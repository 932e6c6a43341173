import { useId } from 'react';
import type { QuestionRule } from '@shared/questions';
import {
  describedBy,
  FieldMessages,
  SelectField,
  TextArea,
  TextField,
} from '../../components/Field';

/** What the form holds per question: text for text, numbers and dates; a list for options. */
export type AnswerDrafts = Record<string, string | string[] | boolean | undefined>;

/**
 * The drafts as the answers the shared schema checks: a number typed as text becomes a number
 * (or stays text, which the schema calls "Enter a number"); blanks stay blank (unanswered).
 */
export function answersFromDrafts(questions: QuestionRule[], drafts: AnswerDrafts) {
  const answers: Record<string, unknown> = {};
  for (const question of questions) {
    const draft = drafts[question.id];
    if (draft === undefined) continue;
    if (question.kind === 'number' && typeof draft === 'string') {
      const text = draft.trim();
      answers[question.id] = text === '' ? '' : Number.isFinite(Number(text)) ? Number(text) : text;
    } else answers[question.id] = draft;
  }
  return answers;
}

/** Stored answers back as drafts, for editing. */
export function draftsFromAnswers(answers: Record<string, unknown>): AnswerDrafts {
  return Object.fromEntries(
    Object.entries(answers).map(([id, value]) => [
      id,
      typeof value === 'number' ? String(value) : (value as AnswerDrafts[string]),
    ]),
  );
}

interface AnswerFieldsProps {
  questions: QuestionRule[];
  drafts: AnswerDrafts;
  onChange(questionId: string, draft: AnswerDrafts[string]): void;
  /** Messages by form field, `answers.<questionId>` (the core's keys too). */
  errors: Record<string, string | undefined>;
}

/** One field per question the registration is asked, in the event's order. */
export function AnswerFields({ questions, drafts, onChange, errors }: AnswerFieldsProps) {
  return (
    <>
      {questions.map((question) => (
        <AnswerField
          key={question.id}
          question={question}
          draft={drafts[question.id]}
          onChange={(draft) => onChange(question.id, draft)}
          error={errors[`answers.${question.id}`]}
        />
      ))}
    </>
  );
}

function AnswerField(props: {
  question: QuestionRule;
  draft: AnswerDrafts[string];
  onChange(draft: AnswerDrafts[string]): void;
  error?: string;
}) {
  const { question, draft, onChange, error } = props;
  const label = question.required ? `${question.label} (required)` : question.label;
  const text = typeof draft === 'string' ? draft : '';
  switch (question.kind) {
    case 'text':
      return <TextField label={label} value={text} onChange={onChange} error={error} />;
    case 'longText':
      return <TextArea label={label} value={text} onChange={onChange} error={error} rows={3} />;
    case 'number':
      return (
        <TextField
          label={label}
          inputMode="decimal"
          value={text}
          onChange={onChange}
          error={error}
        />
      );
    case 'date':
      return <TextField label={label} type="date" value={text} onChange={onChange} error={error} />;
    case 'singleChoice':
      return (
        <SelectField
          label={label}
          value={text}
          onChange={onChange}
          error={error}
          options={[
            { value: '', label: 'No answer' },
            ...question.choices.map((choice) => ({ value: choice, label: choice })),
          ]}
        />
      );
    case 'yesNo':
      return (
        <SelectField
          label={label}
          value={draft === true ? 'yes' : draft === false ? 'no' : ''}
          onChange={(value) => onChange(value === '' ? undefined : value === 'yes')}
          error={error}
          options={[
            { value: '', label: 'No answer' },
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ]}
        />
      );
    case 'multipleChoice':
      return <ChoiceBoxes {...props} label={label} />;
  }
}

function ChoiceBoxes(props: {
  question: QuestionRule;
  draft: AnswerDrafts[string];
  onChange(draft: string[]): void;
  error?: string;
  label: string;
}) {
  const { question, draft, onChange, error, label } = props;
  const id = useId();
  const chosen = Array.isArray(draft) ? draft : [];
  return (
    <fieldset className={error ? 'field has-error' : 'field'}>
      <legend>{label}</legend>
      <div className="checkbox-grid">
        {question.choices.map((choice) => (
          <label key={choice} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.includes(choice)}
              onChange={(change) =>
                onChange(
                  question.choices.filter((c) =>
                    c === choice ? change.target.checked : chosen.includes(c),
                  ),
                )
              }
              {...describedBy(id, undefined, error)}
            />
            {choice}
          </label>
        ))}
      </div>
      <FieldMessages id={id} error={error} />
    </fieldset>
  );
}
