import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { ErrorBody } from '@shared/contract';
import { validate, type FieldErrors } from './validate';

interface FormOptions<S extends z.ZodType> {
  schema: S;
  /** Checks the schema cannot express, such as a repeated password; their messages win. */
  extraCheck?(values: z.input<S>): FieldErrors;
  /** Sends the checked values; returns the app's error, or null when it worked. */
  submit(data: z.output<S>): Promise<ErrorBody | null>;
}

/**
 * One submit flow for every form: check with the channel's schema, send, then show the app's
 * answer next to the fields it names, and move focus to the first field that needs attention.
 */
export function useForm<S extends z.ZodType>(options: FormOptions<S>) {
  // The form that was last submitted; only read after render, to move focus.
  const formRef = useRef<HTMLFormElement | null>(null);
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

  const handleSubmit = (values: z.input<S>) => async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    formRef.current = event.currentTarget;
    if (busy) return;
    const checked = validate(options.schema, values);
    const extra = options.extraCheck?.(values) ?? {};
    if (!checked.ok || Object.keys(extra).length > 0) {
      setFields({ ...(checked.ok ? {} : checked.fields), ...extra });
      setError(null);
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    const failure = await options.submit(checked.data);
    setBusy(false);
    setFields(failure?.fields ?? {});
    setError(failure);
    if (failure) setAttempt((n) => n + 1);
  };

  /** Clears a field's message as soon as the person edits it. */
  const clear = (name: string) => {
    if (fields[name]) setFields(({ [name]: _cleared, ...rest }) => rest);
  };

  return { fields, error, busy, handleSubmit, clear };
}
