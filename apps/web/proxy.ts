import { NextResponse, type NextRequest } from 'next/server';
import { isDevelopment } from './src/env';
import { contentSecurityPolicy, newNonce } from './src/lib/content-security-policy';

/**
 * Every page gets a fresh script nonce in its Content-Security-Policy. Next.js reads the policy
 * from the request headers while rendering and puts the nonce on its own scripts; the root
 * layout reads `x-nonce` for the theme script. (A static header in next.config.ts could not
 * carry a per-response nonce.)
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, { isDevelopment });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!api|_next/static|_next/image|favicon.ico|icon.svg).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
