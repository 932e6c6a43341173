import { create } from 'zustand';
import type { ChannelInput, ErrorBody } from '@shared/contract';
import type { DeviceSettings } from '@shared/contract/system';
import { call } from '../api/client';
import { toastSuccess } from './toasts';

interface SettingsState {
  settings: DeviceSettings | null;
  loadError: string | null;
  load(): Promise<void>;
  /** Returns the error for the form to show, or null when saved. */
  save(input: ChannelInput<'settings.save'>): Promise<ErrorBody | null>;
}

export const useSettings = create<SettingsState>()((set, get) => ({
  settings: null,
  loadError: null,

  async load() {
    const result = await call('settings.get', {});
    if (!result.ok) {
      set({ loadError: result.error.message });
      return;
    }
    // Settings apply at start-up: a change saved in this run still needs its restart.
    const restartRequired = result.value.restartRequired || !!get().settings?.restartRequired;
    set({ settings: { ...result.value, restartRequired }, loadError: null });
  },

  async save(input) {
    const result = await call('settings.save', input);
    if (!result.ok) return result.error;
    set({ settings: result.value, loadError: null });
    toastSuccess('Settings saved', 'Restart Usher to use them.');
    return null;
  },
}));
