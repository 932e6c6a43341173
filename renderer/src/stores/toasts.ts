import { create } from 'zustand';
import type { ErrorBody } from '@shared/contract';
import { errorToast } from '../api/client';
import { resetOnSignOut } from './reset-on-sign-out';

export type ToastKind = 'success' | 'error' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  message?: string;
}

interface ToastState {
  toasts: Toast[];
  show(toast: Omit<Toast, 'id'>): void;
  dismiss(id: number): void;
}

// Errors stay longer: they usually need reading, and often acting on.
const lifetimeMs: Record<ToastKind, number> = { success: 4_000, info: 6_000, error: 9_000 };
// More than three cover the content they report on.
const MAX_VISIBLE = 3;
let nextId = 1;

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  show(toast) {
    const id = nextId++;
    set({ toasts: [...get().toasts, { ...toast, id }].slice(-MAX_VISIBLE) });
    window.setTimeout(() => get().dismiss(id), lifetimeMs[toast.kind]);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((toast) => toast.id !== id) });
  },
}));

// A toast speaks to the person who caused it ("Welcome, Ada"); the next one must not read it.
resetOnSignOut(useToasts);

export const toastSuccess = (title: string, message?: string) =>
  useToasts.getState().show({ kind: 'success', title, message });

export const toastError = (error: ErrorBody) => useToasts.getState().show(errorToast(error));
