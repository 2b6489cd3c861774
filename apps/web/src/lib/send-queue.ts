/**
 * The composer takes typing before the page has what a send needs (a new chat needs the model
 * list, an existing one its messages: the new question answers the last of them). A message sent
 * before then is queued, never dropped: it goes out by itself once the page is ready, and the
 * composer says what it is waiting for meanwhile.
 */

/** What a chat screen loads before a send: the model list (a new chat) or the chat and its messages. */
export type SendNeed = 'models' | 'chat';

/**
 * What a send needs, as far as the page has it: ready; waiting `for` something (what the page
 * loads, or the answer being written); `what` could not be loaded (a retry may bring it); or
 * never here (no model configured on the server).
 */
export type SendReadiness =
  | { state: 'ready' }
  | { state: 'waiting'; for: SendNeed | 'answer' }
  | { state: 'failed'; what: SendNeed }
  | { state: 'unavailable'; reason: 'noModels' };

/**
 * The readiness of a chat screen: a new chat needs the model list (and a model from it), an
 * existing one the chat and its messages. `needs` names that; with no model configured at all
 * nothing can be sent.
 */
export function sendReadiness(
  load: { needs: SendNeed; has: boolean; failed: boolean },
  hasNoModels: boolean,
): SendReadiness {
  if (hasNoModels) return { state: 'unavailable', reason: 'noModels' };
  if (load.has) return { state: 'ready' };
  if (load.failed) return { state: 'failed', what: load.needs };
  return { state: 'waiting', for: load.needs };
}

/** idle: nothing asked; queued: asked before the page was ready; sending: on its way. */
export type SendPhase = 'idle' | 'queued' | 'sending';

export type SendEvent =
  /** Enter or the send button (only with something to send). */
  | { type: 'submit'; readiness: SendReadiness }
  /** The page got (or lost) what a send needs. */
  | { type: 'readiness'; readiness: SendReadiness }
  /** The text or the files changed: a queued message goes back to being a draft. */
  | { type: 'edit' }
  | { type: 'cancel' }
  /** The send finished, sent or refused (the composer keeps the text when refused). */
  | { type: 'settled' };

/** The next phase. A move into `sending` is the one moment the message goes out. */
export function nextSendPhase(phase: SendPhase, event: SendEvent): SendPhase {
  switch (event.type) {
    case 'submit':
      // A second Enter while queued or sending is the same request, not a second message.
      if (phase !== 'idle') return phase;
      return phaseFor(event.readiness);
    case 'readiness':
      if (phase !== 'queued') return phase;
      return event.readiness.state === 'ready' ? 'sending' : phaseFor(event.readiness);
    case 'edit':
    case 'cancel':
      return phase === 'queued' ? 'idle' : phase;
    case 'settled':
      return phase === 'sending' ? 'idle' : phase;
  }
}

function phaseFor(readiness: SendReadiness): SendPhase {
  switch (readiness.state) {
    case 'ready':
      return 'sending';
    case 'waiting':
    case 'failed':
      return 'queued';
    case 'unavailable':
      // Nothing to wait for: the composer shows the reason and keeps the text.
      return 'idle';
  }
}

/** The `chat.composer.queue` message the composer shows under its box. */
export type SendNotice = `waiting.${SendNeed | 'answer'}` | `failed.${SendNeed}` | 'noModels';

/** The composer's line under a queued message (or a message that cannot be sent here at all). */
export function sendNotice(
  phase: SendPhase,
  readiness: SendReadiness,
  hasContent: boolean,
): SendNotice | null {
  if (readiness.state === 'unavailable') return hasContent ? readiness.reason : null;
  if (phase !== 'queued') return null;
  switch (readiness.state) {
    case 'waiting':
      return `waiting.${readiness.for}`;
    case 'failed':
      return `failed.${readiness.what}`;
    case 'ready':
      return null;
  }
}
