import type { QuestionKind, QuestionDto } from '@shared/questions';

export const kindLabels: Record<QuestionKind, string> = {
  text: 'Short text',
  longText: 'Long text',
  singleChoice: 'One option',
  multipleChoice: 'Several options',
  yesNo: 'Yes or no',
  number: 'Number',
  date: 'Date',
};

/** What the editor holds: numbers and options as typed text. */
export interface QuestionDraft {
  label: string;
  kind: QuestionKind;
  required: boolean;
  doorVisible: boolean;
  /** One option per line. */
  choices: string;
  min: string;
  max: string;
  earliest: string;
  latest: string;
}

export const draftOf = (question: QuestionDto | null): QuestionDraft => ({
  label: question?.label ?? '',
  kind: question?.kind ?? 'text',
  required: question?.required ?? false,
  doorVisible: question?.doorVisible ?? false,
  choices: question?.choices.join('\n') ?? '',
  min: question?.min?.toString() ?? '',
  max: question?.max?.toString() ?? '',
  earliest: question?.earliest ?? '',
  latest: question?.latest ?? '',
});

const numberOrText = (text: string) =>
  text.trim() === '' ? null : Number.isFinite(Number(text)) ? Number(text) : (text as never);

/**
 * The settings as the channels take them; only what the kind uses is sent, so switching kinds
 * never leaves a stray bound behind. Text that is no number reaches the schema and is named there.
 */
export function settingsOf(draft: QuestionDraft) {
  const isChoice = draft.kind === 'singleChoice' || draft.kind === 'multipleChoice';
  return {
    label: draft.label,
    kind: draft.kind,
    required: draft.required,
    doorVisible: draft.doorVisible,
    choices: isChoice
      ? draft.choices
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
      : [],
    min: draft.kind === 'number' ? numberOrText(draft.min) : null,
    max: draft.kind === 'number' ? numberOrText(draft.max) : null,
    earliest: draft.kind === 'date' && draft.earliest ? draft.earliest : null,
    latest: draft.kind === 'date' && draft.latest ? draft.latest : null,
  };
}
