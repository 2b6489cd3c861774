import { getRequestConfig } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { formats } from './formats';
import { loadMessages } from './load-messages';
import { LOCALE_COOKIE, resolveLocale } from './locales';

/** next-intl without i18n routing: the locale is the person's choice (cookie), else their browser's. */
export default getRequestConfig(async () => {
  const locale = resolveLocale(
    (await cookies()).get(LOCALE_COOKIE)?.value,
    (await headers()).get('accept-language'),
  );
  return { locale, messages: await loadMessages(locale), formats };
});
