import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { TopicName, Topics, UsherApi } from '@shared/contract';

// Type-only imports: the sandboxed preload bundles no schemas. The main process validates
// every call; here we only keep the renderer from reaching any IPC channel outside the
// contract's `domain.verb` names.
const contractName = /^[a-z]+\.[a-zA-Z]+$/;

const api: UsherApi = {
  invoke(channel, input) {
    if (!contractName.test(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'VALIDATION', message: `Not a channel: ${String(channel)}` },
      });
    }
    return ipcRenderer.invoke(channel, input);
  },
  on<T extends TopicName>(topic: T, listener: (payload: Topics[T]) => void) {
    const forward = (_event: IpcRendererEvent, message: { topic: string; payload: unknown }) => {
      if (message.topic === topic) listener(message.payload as Topics[T]);
    };
    ipcRenderer.on('usher:topic', forward);
    return () => ipcRenderer.removeListener('usher:topic', forward);
  },
};

contextBridge.exposeInMainWorld('usher', api);
