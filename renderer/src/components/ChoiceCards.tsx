interface Choice<V extends string> {
  value: V;
  title: string;
  text: string;
}

interface ChoiceCardsProps<V extends string> {
  legend: string;
  /** The radio group's name, unique on the page. */
  name: string;
  choices: readonly Choice<V>[];
  value: V;
  onChange(value: NoInfer<V>): void;
  className?: string;
  /** The checked card takes the focus when its dialog opens (see Dialog's data-autofocus). */
  autoFocus?: boolean;
}

/** A few options with a line each, as radio cards: the whole card is the label. */
export function ChoiceCards<V extends string>(props: ChoiceCardsProps<V>) {
  const { legend, name, choices, value, onChange, className, autoFocus } = props;
  return (
    <fieldset className={['choice-group', className].filter(Boolean).join(' ')}>
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice.value} className={value === choice.value ? 'choice selected' : 'choice'}>
          <input
            type="radio"
            name={name}
            value={choice.value}
            checked={value === choice.value}
            onChange={() => onChange(choice.value)}
            data-autofocus={(autoFocus && value === choice.value) || undefined}
          />
          <span>
            <span className="choice-title">{choice.title}</span>
            <span className="choice-text">{choice.text}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
