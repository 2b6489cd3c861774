/** The `account.sessions.device` messages, in the reader's language. */
export type DeviceText = (
  key: 'unknown' | 'browserOnSystem',
  values?: { browser: string; system: string },
) => string;

/** "Firefox on Linux" from a User-Agent header, for the list of signed-in devices. */
export function deviceName(userAgent: string | null, t: DeviceText): string {
  if (!userAgent) return t('unknown');
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /OPR\//.test(userAgent)
      ? 'Opera'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Chrom(e|ium)\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : null;
  const system = /Windows/.test(userAgent)
    ? 'Windows'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Mac OS X/.test(userAgent)
        ? 'macOS'
        : /Android/.test(userAgent)
          ? 'Android'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  if (browser && system) return t('browserOnSystem', { browser, system });
  return browser ?? system ?? userAgent.slice(0, 60);
}
