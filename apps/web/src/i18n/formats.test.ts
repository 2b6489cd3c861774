import { createFormatter } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { formats } from './formats';
import type { Locale } from './locales';

const formatter = (locale: Locale, timeZone = 'Europe/Paris') =>
  createFormatter({ locale, timeZone, formats });

describe('named formats', () => {
  it('write a date the way each language does', () => {
    const date = new Date('2026-12-01T14:04:00Z');
    expect(formatter('en').dateTime(date, 'longDate')).toBe('December 1, 2026');
    expect(formatter('fr').dateTime(date, 'longDate')).toBe('1 décembre 2026');
    expect(formatter('de').dateTime(date, 'longDate')).toBe('1. Dezember 2026');
    expect(formatter('ja').dateTime(date, 'longDate')).toBe('2026年12月1日');
  });

  it('show a time in the reader’s zone', () => {
    const date = new Date('2026-12-01T14:04:00Z');
    expect(formatter('fr', 'Europe/Paris').dateTime(date, 'dateTime')).toBe('1 déc. 2026, 15:04');
    expect(formatter('en', 'America/New_York').dateTime(date, 'dateTime')).toBe('Dec 1, 2026, 9:04 AM');
  });

  it('read a bare day in UTC whatever the reader’s zone', () => {
    expect(formatter('en', 'Pacific/Honolulu').dateTime(new Date('2026-11-05T00:00:00Z'), 'utcDay')).toBe(
      'Nov 5',
    );
    expect(formatter('fr', 'Pacific/Honolulu').dateTime(new Date('2026-11-05T00:00:00Z'), 'utcDay')).toBe(
      '5 nov.',
    );
  });

  it('group digits by the language’s rules', () => {
    expect(formatter('en').number(1234567, 'integer')).toBe('1,234,567');
    expect(formatter('de').number(1234567, 'integer')).toBe('1.234.567');
    expect(formatter('fr').number(1234567, 'integer')).toBe('1\u202f234\u202f567');
    expect(formatter('ja').number(12345, 'compact')).toBe('1.2万');
  });
});
