import { afterAll, describe, expect, it } from 'vitest';
import { PROVISIONAL_MICROS, createAllowanceStore, type AllowanceState } from './allowance';
import { connectRedis, deleteKeys, randomPrefix } from './test-support';

const redis = connectRedis();
const prefix = randomPrefix();
const store = createAllowanceStore({ redis, prefix, holdMs: 60_000 });

afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

const periodStart = new Date(Date.now() - 86_400_000);
const resetsAt = new Date(Date.now() + 86_400_000);
const state = (overrides: Partial<AllowanceState> = {}): AllowanceState => ({
  limitMicros: 1_000,
  spentMicros: 0,
  reserveMicros: 100,
  periodStart,
  resetsAt,
  ...overrides,
});

describe('the hot allowance', () => {
  it('starts a new user\'s first answer unverified, then answers "missing" until billing has loaded it', async () => {
    const outcomes = await Promise.all([
      store.reserve('usr_new', 'gen_1'),
      store.reserve('usr_new', 'gen_2'),
    ]);
    expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(['missing', 'provisional']);
    expect(await store.reserve('usr_new', 'gen_3')).toEqual({ kind: 'missing' });
    await store.load('usr_new', state({ limitMicros: PROVISIONAL_MICROS + 50 }), 60_000);
    // The unverified answer holds its share until its usage arrives: room for one more answer.
    expect(await store.reserve('usr_new', 'gen_3')).toEqual({ kind: 'reserved' });
    expect(await store.reserve('usr_new', 'gen_4')).toMatchObject({ kind: 'refused', heldMicros: 10_100 });
  });

  it('answers from a stale copy and has one answer reload it; a stale copy never refuses on its own', async () => {
    const store = createAllowanceStore({ redis, prefix, holdMs: 3_600_000 });
    await store.load('usr_stale', state({ spentMicros: 800 }), 60_000);
    const now = Date.now();
    expect(await store.reserve('usr_stale', 'gen_a', now + 1_000)).toEqual({ kind: 'reserved' });
    // Past the freshness: granted, and this one answer asks billing to reload (the rest trust it).
    expect(await store.reserve('usr_stale', 'gen_b', now + 61_000)).toEqual({ kind: 'provisional' });
    // 800 + 2 × 100 reaches the limit: refused while fresh, but billing decides once it is stale.
    expect((await store.reserve('usr_stale', 'gen_c', now + 62_000)).kind).toBe('refused');
    expect(await store.reserve('usr_stale', 'gen_c', now + 75_000)).toEqual({ kind: 'missing' });
  });

  it('lets exactly one of many messages sent at the same instant take the last of the allowance', async () => {
    // 950 of 1000 spent: one answer (reserving 100) fits under the limit, the rest must wait.
    await store.load('usr_race', state({ spentMicros: 950 }), 60_000);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, index) => store.reserve('usr_race', `gen_${index}`)),
    );
    expect(outcomes.filter((outcome) => outcome.kind === 'reserved')).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.kind === 'refused');
    expect(refused).toEqual({
      kind: 'refused',
      usedMicros: 950,
      heldMicros: 100,
      limitMicros: 1_000,
      resetsAt: resetsAt.toISOString(),
    });
  });

  it('holds a reservation per running answer, so concurrent answers overspend by one answer at most', async () => {
    await store.load('usr_many', state({ spentMicros: 0 }), 60_000);
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, index) => store.reserve('usr_many', `gen_${index}`)),
    );
    // 0 + 9 × 100 < 1000 admits the tenth; 10 × 100 reaches the limit.
    expect(outcomes.filter((outcome) => outcome.kind === 'reserved')).toHaveLength(10);
  });

  it('settles a recorded usage: the reservation ends and the cost is spent, once', async () => {
    await store.load('usr_settle', state({ spentMicros: 900 }), 60_000);
    expect((await store.reserve('usr_settle', 'gen_a')).kind).toBe('reserved');
    expect((await store.reserve('usr_settle', 'gen_b')).kind).toBe('refused');
    await store.settle('usr_settle', 'gen_a', { costMicros: 40, occurredAt: new Date(), isNew: true });
    // A redelivered event releases nothing more and adds nothing.
    await store.settle('usr_settle', 'gen_a', { costMicros: 40, occurredAt: new Date(), isNew: false });
    expect(await store.reserve('usr_settle', 'gen_b')).toEqual({ kind: 'reserved' });
    await store.settle('usr_settle', 'gen_b', { costMicros: 200, occurredAt: new Date(), isNew: true });
    // 900 + 40 + 200 = 1140: spent, refused whatever is held.
    expect(await store.reserve('usr_settle', 'gen_c')).toMatchObject({ kind: 'refused', usedMicros: 1_140 });
  });

  it('ignores usage from outside the period and frees what a never-started answer reserved', async () => {
    await store.load('usr_release', state({ spentMicros: 900 }), 60_000);
    expect((await store.reserve('usr_release', 'gen_a')).kind).toBe('reserved');
    await store.settle('usr_release', 'gen_old', {
      costMicros: 500,
      occurredAt: new Date(periodStart.getTime() - 1),
      isNew: true,
    });
    await store.release('usr_release', 'gen_a');
    expect((await store.reserve('usr_release', 'gen_b')).kind).toBe('reserved');
  });

  it('lets reservations lapse when their usage never arrives', async () => {
    const brief = createAllowanceStore({ redis, prefix, holdMs: 60_000 });
    await brief.load('usr_lapse', state({ spentMicros: 900 }), 3_600_000);
    const now = Date.now();
    expect((await brief.reserve('usr_lapse', 'gen_a', now)).kind).toBe('reserved');
    expect((await brief.reserve('usr_lapse', 'gen_b', now + 1_000)).kind).toBe('refused');
    expect((await brief.reserve('usr_lapse', 'gen_b', now + 60_001)).kind).toBe('reserved');
  });

  it('is missing again after the period ends or billing drops it', async () => {
    await store.load('usr_end', state({ resetsAt: new Date(Date.now() + 50) }), 60_000);
    expect((await store.reserve('usr_end', 'gen_a', Date.now() + 100)).kind).toBe('missing');
    await store.load('usr_drop', state(), 60_000);
    await store.invalidate('usr_drop');
    expect((await store.reserve('usr_drop', 'gen_a')).kind).toBe('missing');
  });
});
