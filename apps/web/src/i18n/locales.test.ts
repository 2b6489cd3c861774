import { describe, expect, it } from 'vitest';
import { matchAcceptLanguage, resolveLocale } from './locales';

describe('matchAcceptLanguage', () => {
  it('takes the first supported language by preference, regions folded to the language', () => {
    expect(matchAcceptLanguage('fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('fr');
    expect(matchAcceptLanguage('pt-BR,ja;q=0.5,de;q=0.4')).toBe('ja');
    expect(matchAcceptLanguage('en;q=0.3, es-MX;q=0.8')).toBe('es');
  });

  it('ignores refused (q=0) and unsupported languages', () => {
    expect(matchAcceptLanguage('de;q=0, it')).toBeNull();
    expect(matchAcceptLanguage('*')).toBeNull();
    expect(matchAcceptLanguage('')).toBeNull();
  });
});

describe('resolveLocale', () => {
  it('prefers the chosen language over the browser, and falls back to English', () => {
    expect(resolveLocale('ja', 'fr-FR')).toBe('ja');
    expect(resolveLocale('xx', 'fr-FR')).toBe('fr');
    expect(resolveLocale(undefined, 'it-IT')).toBe('en');
  });
});
