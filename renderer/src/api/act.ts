import type { ChannelInput, ChannelName, ChannelOutput } from '@shared/contract';
import { toastError, toastSuccess } from '../stores/toasts';
import { call } from './client';

/**
 * A one-click action: calls, then toasts what happened (the success text, or the envelope's own
 * message). Returns the value, or null when it failed.
 */
export async function act<C extends ChannelName>(
  channel: C,
  input: ChannelInput<C>,
  success: (value: ChannelOutput<C>) => [title: string, message?: string],
): Promise<ChannelOutput<C> | null> {
  const result = await call(channel, input);
  if (!result.ok) {
    toastError(result.error);
    return null;
  }
  toastSuccess(...success(result.value));
  return result.value;
}
