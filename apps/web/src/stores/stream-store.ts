import type { StreamFrame } from '@vivier/contracts';
import { create } from 'zustand';
import { applyFrame, initialStreamState, type StreamState } from '../lib/stream-reducer';

interface StreamStore {
  /** Live generations by id. Only the message showing a generation subscribes to its entry. */
  streams: Record<string, StreamState>;
  track(generationId: string): void;
  apply(frame: StreamFrame): void;
  forget(generationId: string): void;
  clear(): void;
}

export const useStreamStore = create<StreamStore>()((set) => ({
  streams: {},
  track: (generationId) =>
    set((store) =>
      store.streams[generationId]
        ? store
        : { streams: { ...store.streams, [generationId]: initialStreamState(generationId) } },
    ),
  apply: (frame) =>
    set((store) => {
      const current = store.streams[frame.generationId];
      if (!current) return store;
      const next = applyFrame(current, frame);
      // Unchanged state (a duplicate frame): no new object, so no subscriber re-renders.
      return next === current ? store : { streams: { ...store.streams, [frame.generationId]: next } };
    }),
  forget: (generationId) =>
    set((store) => {
      if (!store.streams[generationId]) return store;
      const { [generationId]: _removed, ...rest } = store.streams;
      return { streams: rest };
    }),
  clear: () => set({ streams: {} }),
}));

/** The one selector a streaming message uses: re-renders only when its own generation changes. */
export const useStream = (generationId: string | null | undefined): StreamState | undefined =>
  useStreamStore((store) => (generationId ? store.streams[generationId] : undefined));
