import type { StreamFrame } from '@vivier/contracts';
import { useStreamStore } from '../stores/stream-store';
import { apiClient } from './api-client';
import { isTerminalFrame } from '@vivier/contracts/constants';
import { loadContracts, type Contracts } from './contracts';
import { createGenerationSocket, type GenerationSocket } from './generation-socket';

type TerminalListener = (frame: StreamFrame) => void;

const terminalListeners = new Map<string, Set<TerminalListener>>();
let socket: GenerationSocket | null = null;
let sessionEndedHandler: (() => void) | null = null;
let isListeningForWake = false;
/** Set before the socket opens (its token step loads the contracts). */
let contracts: Contracts | null = null;

function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/api/ws`;
}

function onFrame(frame: StreamFrame) {
  useStreamStore.getState().apply(frame);
  if (isTerminalFrame(frame)) {
    const listeners = terminalListeners.get(frame.generationId);
    terminalListeners.delete(frame.generationId);
    for (const listener of listeners ?? []) listener(frame);
  }
}

function theSocket(): GenerationSocket {
  if (socket) return socket;
  const created = createGenerationSocket({
    url: socketUrl,
    getToken: async (force) => {
      contracts ??= await loadContracts();
      return force ? apiClient.refresh() : apiClient.freshAccessToken();
    },
    onFrame,
    parseFrame: (data) => {
      const parsed = contracts?.StreamFrame.safeParse(data);
      return parsed?.success ? parsed.data : null;
    },
    onAuthFailed: () => sessionEndedHandler?.(),
  });
  socket = created;
  if (!isListeningForWake) {
    isListeningForWake = true;
    const wake = () => socket?.reconnectNow();
    window.addEventListener('online', wake);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') wake();
    });
  }
  return created;
}

/** What to do when the socket finds the session gone (the auth provider signs out). */
export function onStreamingSessionEnded(handler: () => void) {
  sessionEndedHandler = handler;
}

/**
 * Follow a generation over the WebSocket: its frames go to the stream store, and `onEnd` runs
 * once with its terminal frame. Watching one already watched only adds the listener.
 */
export function watchGeneration(generationId: string, onEnd?: TerminalListener) {
  const store = useStreamStore.getState();
  const known = store.streams[generationId];
  if (known && known.status !== 'streaming') return;
  if (onEnd) {
    const listeners = terminalListeners.get(generationId) ?? new Set();
    listeners.add(onEnd);
    terminalListeners.set(generationId, listeners);
  }
  store.track(generationId);
  theSocket().subscribe(generationId, store.streams[generationId]?.lastFrameId ?? undefined);
}

/** On sign-out: no more frames for anyone. */
export function stopAllStreams() {
  socket?.close();
  socket = null;
  terminalListeners.clear();
  useStreamStore.getState().clear();
}
