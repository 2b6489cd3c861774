import type { Metadata, Viewport } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { Providers } from '../src/components/providers';
import { BrowserTimeZone } from '../src/i18n/browser-time-zone';
import { THEME_STORAGE_KEY } from '../src/stores/ui-store';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  return {
    title: { default: 'Vivier', template: '%s · Vivier' },
    description: t('description'),
    icons: { icon: '/icon.svg', apple: '/icons/icon-192.png' },
  };
}

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#1b1c1f' },
  ],
};

/** Runs before first paint so a dark-mode reader never sees a white flash. */
const themeScript = `try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});var d=t==='dark'||(t!=='light'&&matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.classList.toggle('dark',d)}catch(e){}`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request, which the CSP nonce needs.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  // The person's language (cookie, else browser); only its messages reach the client.
  const locale = await getLocale();
  return (
    <html lang={locale} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>
        <NextIntlClientProvider>
          <BrowserTimeZone>
            <Providers>{children}</Providers>
          </BrowserTimeZone>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
