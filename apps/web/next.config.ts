import { join } from 'node:path';
import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

/**
 * The Content-Security-Policy itself is set per request in `proxy.ts`: it carries a fresh script
 * nonce, which a static header here could not. The headers below never change.
 */
const staticSecurityHeaders = [
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
];

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A self-contained server (.next/standalone/apps/web/server.js) with only the files it needs,
  // traced from the monorepo root: the container image and the start command run it.
  output: 'standalone',
  outputFileTracingRoot: join(import.meta.dirname, '..', '..'),
  // Workspace packages are TypeScript source; Next compiles them.
  transpilePackages: ['@vivier/contracts'],
  async headers() {
    return [{ source: '/:path*', headers: staticSecurityHeaders }];
  },
};

// next-intl without i18n routing: src/i18n/request.ts picks the locale and its messages per request.
export default createNextIntlPlugin('./src/i18n/request.ts')(config);
