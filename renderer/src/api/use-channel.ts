import { useCallback, useEffect, useState } from 'react';
import type { ChannelInput, ChannelName, ChannelOutput, ErrorBody } from '@shared/contract';
import type { ChangeFilter } from './live';
import { requests } from './requests';
import { useChanges, useLatest, useOnReturn } from './use-live';

export interface ChannelOptions {
  /** Asks again when a committed change passes this filter (see live.ts); null follows none. */
  watch?: ChangeFilter | null;
  /** Asks again when the window comes back to the front: for data without a change topic. */
  refetchOnReturn?: boolean;
  /**
   * False: nothing to ask (an empty search). Shows nothing, and forgets the last answer, so
   * asking again never shows an answer to an older question.
   */
  enabled?: boolean;
  /** Keeps showing the last answer but asks nothing, not even on changes; resuming asks again. */
  paused?: boolean;
  /** Shows the answer to the previous input until this input's arrives, instead of nothing. */
  keepPrevious?: boolean;
  /** Told about each failed fetch (e.g. to toast it); the last good answer stays. */
  onError?(error: ErrorBody): void;
}

export interface ChannelState<T> {
  /** The last good answer; null until one arrived (or, without keepPrevious, for this input). */
  data: T | null;
  /** Why the newest fetch for this input failed; null once one succeeds. */
  error: ErrorBody | null;
  /** This input's answer is on its way (what is shown, if anything, answers an earlier one). */
  loading: boolean;
  refetch(): Promise<void>;
  /** Puts a newer answer in place, e.g. what a mutation or a push returned. */
  replace(next: (current: T | null) => T | null): void;
}

interface Held<T> {
  good: { key: string; data: T } | null;
  failure: { key: string; error: ErrorBody } | null;
}

const nothing = { good: null, failure: null };

/**
 * Server data for one screen: fetched through the typed client, newest request wins, refetched on
 * live changes. The renderer's one way to hold what the app answered; stores hold UI state only.
 */
export function useChannel<C extends ChannelName>(
  channel: C,
  input: ChannelInput<C>,
  options: ChannelOptions = {},
): ChannelState<ChannelOutput<C>> {
  const { watch = null, enabled = true, paused = false, keepPrevious = false, onError } = options;
  const inputJson = JSON.stringify(input);
  const key = `${channel} ${inputJson}`;
  const [gate] = useState(requests);
  const latestOnError = useLatest(onError);
  const [held, setHeld] = useState<Held<ChannelOutput<C>>>(nothing);

  // Turned off: forget, so the next question starts from nothing (adjusted while rendering, as
  // React advises for state that follows a prop).
  const [wasEnabled, setWasEnabled] = useState(enabled);
  if (wasEnabled !== enabled) {
    setWasEnabled(enabled);
    if (!enabled) setHeld(nothing);
  }

  const refetch = useCallback(() => {
    gate.supersede();
    const asked = JSON.parse(inputJson) as ChannelInput<C>;
    return gate.call(channel, asked).then((result) => {
      if (!result) return;
      if (result.ok) {
        setHeld({ good: { key, data: result.value }, failure: null });
      } else {
        setHeld((current) => ({ ...current, failure: { key, error: result.error } }));
        latestOnError.current?.(result.error);
      }
    });
  }, [gate, channel, inputJson, key, latestOnError]);

  const asking = enabled && !paused;
  useEffect(() => {
    if (!asking) return;
    void refetch();
    // A screen that goes away (or stops asking) must not be painted, or toasted, by late answers.
    return () => gate.supersede();
  }, [asking, refetch, gate]);
  useChanges(asking ? watch : null, () => void refetch());
  useOnReturn(asking && !!options.refetchOnReturn, () => void refetch());

  const replace = useCallback(
    (next: (current: ChannelOutput<C> | null) => ChannelOutput<C> | null) =>
      setHeld((current) => {
        const data = next(current.good?.data ?? null);
        return { ...current, good: data === null ? null : { key, data } };
      }),
    [key],
  );

  const current = held.good && (held.good.key === key || keepPrevious) ? held.good.data : null;
  return {
    data: enabled ? current : null,
    error: enabled && held.failure?.key === key ? held.failure.error : null,
    loading: asking && held.good?.key !== key && held.failure?.key !== key,
    refetch,
    replace,
  };
}
