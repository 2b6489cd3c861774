import { describe, expect, it } from 'vitest';
import { translatorIn } from '../i18n/test-support';
import { deviceName as nameIn } from './device-name';

const english = await translatorIn('en', 'account.sessions.device');
const deviceName = (userAgent: string | null) => nameIn(userAgent, english);

describe('deviceName', () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox on Linux'],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36 Edg/130.0',
      'Edge on Windows',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      'Safari on macOS',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Safari on iOS',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36',
      'Chrome on Android',
    ],
  ])('names %s', (userAgent, expected) => {
    expect(deviceName(userAgent)).toBe(expected);
  });

  it('falls back to the header itself (cut short) for scripts, and says so when there is none', () => {
    expect(deviceName('curl/8.5.0')).toBe('curl/8.5.0');
    expect(deviceName('x'.repeat(200))).toHaveLength(60);
    expect(deviceName(null)).toBe('Unknown device');
  });

  it('names the device in the reader’s language', async () => {
    const firefoxOnLinux = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
    expect(nameIn(firefoxOnLinux, await translatorIn('fr', 'account.sessions.device'))).toBe(
      'Firefox sur Linux',
    );
    expect(nameIn(null, await translatorIn('ja', 'account.sessions.device'))).toBe('不明な端末');
  });
});
