import { describe, expect, it } from 'vitest';
import { dateGroupOf, groupChatsByDate } from './chat-groups';

const now = new Date(2026, 10, 26, 15, 0, 0);
const daysAgo = (days: number, hour = 12) => new Date(2026, 10, 26 - days, hour, 0, 0);

describe('dateGroupOf', () => {
  it('uses local calendar days, not 24-hour windows', () => {
    expect(dateGroupOf(new Date(2026, 10, 26, 0, 1), now)).toBe('Today');
    expect(dateGroupOf(new Date(2026, 10, 25, 23, 59), now)).toBe('Yesterday');
    expect(dateGroupOf(daysAgo(1, 0), now)).toBe('Yesterday');
    expect(dateGroupOf(daysAgo(2), now)).toBe('Last 7 days');
    expect(dateGroupOf(daysAgo(6), now)).toBe('Last 7 days');
    expect(dateGroupOf(daysAgo(7), now)).toBe('Last 30 days');
    expect(dateGroupOf(daysAgo(40), now)).toBe('Older');
  });
});

describe('groupChatsByDate', () => {
  it('keeps the list order and leaves out empty groups', () => {
    const chats = [
      { id: 'a', updatedAt: daysAgo(0).toISOString() },
      { id: 'b', updatedAt: daysAgo(0, 9).toISOString() },
      { id: 'c', updatedAt: daysAgo(3).toISOString() },
      { id: 'd', updatedAt: daysAgo(100).toISOString() },
    ];
    const groups = groupChatsByDate(chats, now);
    expect(groups.map((group) => [group.label, group.items.map((chat) => chat.id)])).toEqual([
      ['Today', ['a', 'b']],
      ['Last 7 days', ['c']],
      ['Older', ['d']],
    ]);
  });
});
