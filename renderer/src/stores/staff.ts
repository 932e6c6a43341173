import { create } from 'zustand';
import type { ChannelInput, ErrorBody } from '@shared/contract';
import type { UserDto } from '@shared/domain';
import { call } from '../api/client';
import { toastError, toastSuccess } from './toasts';

interface StaffState {
  users: UserDto[];
  loaded: boolean;
  load(): Promise<void>;
  /** Returns the error for the form to show, or null when created. */
  create(input: ChannelInput<'users.create'>): Promise<ErrorBody | null>;
  update(input: ChannelInput<'users.update'>, done: string): Promise<void>;
}

const replace = (users: UserDto[], changed: UserDto) =>
  users.map((user) => (user.id === changed.id ? changed : user));

export const useStaff = create<StaffState>()((set, get) => ({
  users: [],
  loaded: false,

  async load() {
    const result = await call('users.list', {});
    if (result.ok) set({ users: result.value, loaded: true });
    else toastError(result.error);
  },

  async create(input) {
    const result = await call('users.create', input);
    if (!result.ok) return result.error;
    toastSuccess('Staff account created', `${result.value.fullName} can sign in now.`);
    await get().load();
    return null;
  },

  async update(input, done) {
    const result = await call('users.update', input);
    if (!result.ok) {
      toastError(result.error);
      return;
    }
    set({ users: replace(get().users, result.value) });
    toastSuccess(done);
  },
}));
