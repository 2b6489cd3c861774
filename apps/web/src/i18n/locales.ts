/** The languages the UI speaks, the cookie that holds a person's choice, and the browser fallback. */
export const locales = ['en', 'fr', 'de', 'es', 'ja'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'en';

/** Set from the language selector; read on every request (no locale prefix in URLs). */
export const LOCALE_COOKIE = 'NEXT_LOCALE';

/** Each language named in itself, so anyone finds their own in the list. */
export const localeNames: Record<Locale, string> = {
  en: 'English',
  fr: 'Français',
  de: 'Deutsch',
  es: 'Español',
  ja: '日本語',
};

export const isLocale = (value: string | undefined | null): value is Locale =>
  (locales as readonly string[]).includes(value ?? '');

/**
 * The best of our locales for an Accept-Language header: ranges by descending q, each matched on
 * its primary language (`fr-CA` → `fr`); `*` or nothing matching → null. next-intl's own matcher
 * lives in its routing middleware, which a site without locale prefixes does not run.
 */
export function matchAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q) : 1, index };
    })
    .filter((range) => range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranges.map((range) => range.language).find(isLocale) ?? null;
}

/** The cookie's locale when valid, else the browser's best match, else English. */
export function resolveLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookie)) return cookie;
  return matchAcceptLanguage(acceptLanguage) ?? defaultLocale;
}
