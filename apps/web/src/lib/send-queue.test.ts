import { describe, expect, it } from 'vitest';
import type { Locale } from '../i18n/locales';
import { translatorIn } from '../i18n/test-support';
import {
  nextSendPhase,
  sendNotice,
  sendReadiness,
  type SendNotice,
  type SendPhase,
  type SendReadiness,
} from './send-queue';

const ready: SendReadiness = { state: 'ready' };
const waiting: SendReadiness = { state: 'waiting', for: 'models' };
const failed: SendReadiness = { state: 'failed', what: 'models' };
const unavailable: SendReadiness = { state: 'unavailable', reason: 'noModels' };

/** The composer's line as a reader of `locale` sees it, through the real catalog. */
async function noticeIn(locale: Locale, notice: SendNotice | null) {
  const t = await translatorIn(locale, 'chat.composer.queue');
  return notice && t(notice);
}

describe('send queue', () => {
  it('sends at once when ready, queues while waiting or after a failed load, refuses when unavailable', () => {
    expect(nextSendPhase('idle', { type: 'submit', readiness: ready })).toBe('sending');
    expect(nextSendPhase('idle', { type: 'submit', readiness: waiting })).toBe('queued');
    expect(nextSendPhase('idle', { type: 'submit', readiness: failed })).toBe('queued');
    expect(nextSendPhase('idle', { type: 'submit', readiness: unavailable })).toBe('idle');
  });

  it('sends a queued message once the page is ready, and only then', () => {
    expect(nextSendPhase('queued', { type: 'readiness', readiness: waiting })).toBe('queued');
    expect(nextSendPhase('queued', { type: 'readiness', readiness: failed })).toBe('queued');
    expect(nextSendPhase('queued', { type: 'readiness', readiness: ready })).toBe('sending');
    // Nothing left to wait for: back to a draft (the composer says why).
    expect(nextSendPhase('queued', { type: 'readiness', readiness: unavailable })).toBe('idle');
  });

  it('never starts a second send: a repeated submit while queued or sending changes nothing', () => {
    for (const readiness of [ready, waiting, failed]) {
      expect(nextSendPhase('queued', { type: 'submit', readiness })).toBe('queued');
      expect(nextSendPhase('sending', { type: 'submit', readiness })).toBe('sending');
    }
    // The page becoming ready again while a message is on its way does not send it twice.
    expect(nextSendPhase('sending', { type: 'readiness', readiness: ready })).toBe('sending');
  });

  it('ready with nothing queued sends nothing', () => {
    expect(nextSendPhase('idle', { type: 'readiness', readiness: ready })).toBe('idle');
  });

  it('cancelling or editing a queued message takes it out of the queue; neither stops a send on its way', () => {
    expect(nextSendPhase('queued', { type: 'cancel' })).toBe('idle');
    expect(nextSendPhase('queued', { type: 'edit' })).toBe('idle');
    expect(nextSendPhase('sending', { type: 'cancel' })).toBe('sending');
    expect(nextSendPhase('sending', { type: 'edit' })).toBe('sending');
    expect(nextSendPhase('idle', { type: 'edit' })).toBe('idle');
  });

  it('a settled send (sent or refused) allows the next one', () => {
    expect(nextSendPhase('sending', { type: 'settled' })).toBe('idle');
    expect(nextSendPhase('queued', { type: 'settled' })).toBe('queued');
    const phases: SendPhase[] = [];
    let phase: SendPhase = 'idle';
    for (const event of [
      { type: 'submit', readiness: waiting },
      { type: 'readiness', readiness: ready },
      { type: 'settled' },
      { type: 'submit', readiness: ready },
    ] as const) {
      phase = nextSendPhase(phase, event);
      phases.push(phase);
    }
    expect(phases).toEqual(['queued', 'sending', 'idle', 'sending']);
  });
});

describe('send notice', () => {
  it('says what a queued message waits for, and that it is kept after a failed load', async () => {
    expect(await noticeIn('en', sendNotice('queued', waiting, true))).toBe(
      'Waiting for the models to load: your message will be sent then.',
    );
    expect(await noticeIn('en', sendNotice('queued', failed, true))).toMatch(
      /^Not sent yet: the models could not be loaded\. .*kept/,
    );
    expect(await noticeIn('en', sendNotice('queued', { state: 'waiting', for: 'answer' }, true))).toBe(
      'Waiting for the answer being written to finish: your message will be sent then.',
    );
  });

  it('says it in the reader’s language', async () => {
    expect(await noticeIn('fr', sendNotice('queued', waiting, true))).toBe(
      'En attente du chargement des modèles : votre message sera envoyé ensuite.',
    );
    expect(await noticeIn('ja', sendNotice('queued', { state: 'failed', what: 'chat' }, true))).toMatch(
      /^まだ送信されていません: チャットを読み込めませんでした。/,
    );
    expect(await noticeIn('es', sendNotice('idle', unavailable, true))).toBe(
      'No se puede enviar: todavía no hay modelos configurados en este servidor.',
    );
  });

  it('says nothing when nothing is queued, and why nothing can be sent when it cannot', async () => {
    expect(sendNotice('idle', waiting, true)).toBeNull();
    expect(sendNotice('sending', ready, true)).toBeNull();
    expect(await noticeIn('en', sendNotice('idle', unavailable, true))).toBe(
      'Cannot send: no models are configured on this server yet.',
    );
    expect(sendNotice('idle', unavailable, false)).toBeNull();
  });
});

describe('send readiness', () => {
  const load = { needs: 'models', has: false, failed: false } as const;
  it('is ready when the page has what a send needs', () => {
    expect(sendReadiness({ ...load, has: true }, false)).toEqual(ready);
  });
  it('waits while loading, and reports a failed load as retryable', () => {
    expect(sendReadiness(load, false)).toEqual(waiting);
    expect(sendReadiness({ ...load, failed: true }, false)).toEqual(failed);
  });
  it('is unavailable when the server offers no model at all', () => {
    expect(sendReadiness({ ...load, has: true }, true).state).toBe('unavailable');
  });
});
