import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { loadMessages } from './load-messages';
import { defaultLocale, locales, type Locale } from './locales';
import { namespaces } from './namespaces';

type Catalog = Record<string, string>;

/** `{a: {b: 'x'}}` → `{'a.b': 'x'}`; a value that is neither text nor a group fails here. */
function flatten(value: unknown, prefix: string, into: Catalog): Catalog {
  if (typeof value === 'string') into[prefix] = value;
  else if (value && typeof value === 'object' && !Array.isArray(value))
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  else throw new Error(`${prefix}: a message must be a string or a group of messages`);
  return into;
}

/** Through the app's own loader: every namespace file of the locale must exist and be JSON. */
async function catalog(locale: Locale): Promise<Catalog> {
  const messages = await loadMessages(locale);
  expect(Object.keys(messages).sort()).toEqual([...namespaces].sort());
  return flatten(messages, '', {});
}

/** Every argument a message uses (`{count, plural, …}`, `{name}`, `<b>…</b>` tags), sorted. */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
      names.add(element.type === TYPE.tag ? `<${element.value}>` : element.value);
      if (element.type === TYPE.tag) walk(element.children);
      if (element.type === TYPE.plural || element.type === TYPE.select)
        for (const option of Object.values(element.options)) walk(option.value);
    }
  };
  walk(parse(message));
  return [...names].sort();
}

const english = await catalog(defaultLocale);

describe('message catalogs', () => {
  it('English has messages', () => {
    expect(Object.keys(english).length).toBeGreaterThan(0);
  });

  for (const locale of locales.filter((code) => code !== defaultLocale)) {
    it(`${locale} has exactly English's keys`, async () => {
      expect(Object.keys(await catalog(locale)).sort()).toEqual(Object.keys(english).sort());
    });
  }

  for (const locale of locales) {
    it(`every ${locale} message is valid ICU with English's placeholders`, async () => {
      const messages = await catalog(locale);
      const problems: string[] = [];
      for (const [key, message] of Object.entries(messages)) {
        try {
          const expected = placeholders(english[key] ?? '');
          const actual = placeholders(message);
          if (actual.join() !== expected.join())
            problems.push(`${key}: {${actual.join(', ')}} where English has {${expected.join(', ')}}`);
        } catch (error) {
          problems.push(`${key}: ${(error as Error).message}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
