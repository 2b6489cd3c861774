import type account from '../../messages/en/account.json';
import type admin from '../../messages/en/admin.json';
import type auth from '../../messages/en/auth.json';
import type billing from '../../messages/en/billing.json';
import type chat from '../../messages/en/chat.json';
import type common from '../../messages/en/common.json';
import type keys from '../../messages/en/keys.json';
import type knowledge from '../../messages/en/knowledge.json';
import type markdown from '../../messages/en/markdown.json';
import type presets from '../../messages/en/presets.json';
import type settings from '../../messages/en/settings.json';
import type share from '../../messages/en/share.json';
import type shortcuts from '../../messages/en/shortcuts.json';
import type sidebar from '../../messages/en/sidebar.json';
import type { formats } from './formats';
import type { Locale } from './locales';

/** English is the reference catalog: a key missing from it, or a misspelt one, fails typecheck. */
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Formats: typeof formats;
    Messages: {
      common: typeof common;
      auth: typeof auth;
      chat: typeof chat;
      sidebar: typeof sidebar;
      settings: typeof settings;
      share: typeof share;
      shortcuts: typeof shortcuts;
      markdown: typeof markdown;
      admin: typeof admin;
      account: typeof account;
      billing: typeof billing;
      keys: typeof keys;
      knowledge: typeof knowledge;
      presets: typeof presets;
    };
  }
}
