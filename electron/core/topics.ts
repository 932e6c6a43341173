import type { TopicName, Topics } from '@shared/contract';

export type TopicListener = <T extends TopicName>(topic: T, payload: Topics[T]) => void;

/** This core's push topics; main forwards each one to its windows, the CLI ignores them. */
export interface TopicBus {
  emit<T extends TopicName>(topic: T, payload: Topics[T]): void;
  subscribe(listener: TopicListener): () => void;
}

export function createTopicBus(): TopicBus {
  const listeners = new Set<TopicListener>();
  return {
    emit(topic, payload) {
      for (const listener of listeners) listener(topic, payload);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
