import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { ErrorBody } from '@shared/contract';
import { validate, type FieldErrors } from './validate';

interface CommonOptions<S extends z.ZodType, V extends object> {
  schema: S;
  /** What the fields show when the form opens. */
  initial: V | (() => V);
  /** Checks the schema cannot express, such as a repeated password; their messages win. */
  extraCheck?(values: V, input: z.input<S>): FieldErrors;
  /** Sends the checked input; returns the app's error, or null when it worked. */
  submit(
    data: z.output<S>,
    form: { setValues(change: Partial<V>): void },
  ): Promise<ErrorBody | null>;
}

/**
 * The channel input the values stand for, when the form holds them otherwise (text for a number,
 * a date and a time for an instant, a repeated password). Only values that are the input already
 * may leave it out.
 */
type ToInput<S extends z.ZodType, V extends object> = [V] extends [z.input<S>]
  ? { toInput?(values: V): z.input<S> }
  : { toInput(values: V): z.input<S> };

type FormOptions<S extends z.ZodType, V extends object> = CommonOptions<S, V> & ToInput<S, V>;

/** What a TextField, SelectField or TextArea needs of one value. */
export interface FieldBinding<T> {
  value: T;
  onChange(value: T): void;
  error?: string;
}

/**
 * One form flow for every form: holds the values, checks them with the channel's schema, sends,
 * then shows the app's answer next to the fields it names and moves focus to the first field that
 * needs attention. Editing a field clears its message.
 */
export function useForm<S extends z.ZodType, V extends object>(options: FormOptions<S, V>) {
  // The form that was last submitted; only read after render, to move focus.
  const formRef = useRef<HTMLFormElement | null>(null);
  const [values, setAll] = useState<V>(options.initial);
  const [fields, setFields] = useState<FieldErrors>({});
  const [error, setError] = useState<ErrorBody | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (attempt === 0) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    // Scrolled so its label shows too, not just the input at the very edge.
    first?.focus({ preventScroll: true });
    first?.closest('.field')?.scrollIntoView({ block: 'nearest' });
  }, [attempt]);

  // Without toInput, ToInput has made sure the values are the input.
  const input = options.toInput ? options.toInput(values) : (values as z.input<S>);

  /** Clears a field's message as soon as the person edits it. */
  const clear = (name: string) => {
    if (fields[name]) setFields(({ [name]: _cleared, ...rest }) => rest);
  };

  const setValues = (change: Partial<V>) => setAll((current) => ({ ...current, ...change }));

  /** Sets one value; `errorName` is the input field its message is under, when it differs. */
  const set = <K extends keyof V>(name: K, value: V[K], errorName: string = String(name)) => {
    setValues({ [name]: value } as unknown as Partial<V>);
    clear(errorName);
  };

  const field = <K extends keyof V>(
    name: K,
    errorName: string = String(name),
  ): FieldBinding<V[K]> => ({
    value: values[name],
    onChange: (value) => set(name, value, errorName),
    error: fields[errorName],
  });

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    formRef.current = event.currentTarget;
    if (busy) return;
    const checked = validate(options.schema, input);
    const extra = options.extraCheck?.(values, input) ?? {};
    if (!checked.ok || Object.keys(extra).length > 0) {
      setFields({ ...(checked.ok ? {} : checked.fields), ...extra });
      setError(null);
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    const failure = await options.submit(checked.data, { setValues });
    setBusy(false);
    setFields(failure?.fields ?? {});
    setError(failure);
    if (failure) setAttempt((n) => n + 1);
  };

  return { values, input, set, field, setValues, fields, error, busy, handleSubmit, clear };
}
