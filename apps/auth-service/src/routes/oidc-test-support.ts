import { expect } from 'vitest';
import type { Service } from '@vivier/service-kit';
import { OIDC_STATE_COOKIE } from './oidc';

/** A browser's cookie jar for the IdP (auth-service's own cookies are passed by hand). */
function idpBrowser() {
  const jar = new Map<string, string>();
  return async (url: string, init: { method?: string; form?: Record<string, string> } = {}) => {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return response;
  };
}

/**
 * Start → the IdP's login form, submitted as `login` → back at the callback. Returns the
 * callback's response (through app.inject) and what was sent to it.
 */
export async function signInThroughIdp(
  target: { app: Service; issuer: string; publicUrl: string },
  providerId: string,
  login: string,
  tweak: { state?: string; stateCookie?: string } = {},
) {
  const { app: service, issuer, publicUrl } = target;
  const start = await service.inject({ method: 'GET', url: `/api/auth/oidc/${providerId}/start` });
  expect(start.statusCode).toBe(303);
  const state = start.cookies.find((cookie) => cookie.name === OIDC_STATE_COOKIE)!.value;
  const browse = idpBrowser();
  let location = start.headers.location!;
  expect(location.startsWith(issuer)).toBe(true);
  for (let hop = 0; hop < 10 && !location.startsWith(publicUrl); hop++) {
    const response = await browse(location);
    if (response.status === 200) {
      // The IdP's login form.
      const action = /action="([^"]+)"/.exec(await response.text())![1]!;
      const submitted = await browse(new URL(action, location).href, {
        method: 'POST',
        form: { prompt: 'login', login, password: 'anything' },
      });
      location = new URL(submitted.headers.get('location')!, location).href;
    } else {
      location = new URL(response.headers.get('location')!, location).href;
    }
  }
  const back = new URL(location);
  expect(back.pathname).toBe(`/api/auth/oidc/${providerId}/callback`);
  if (tweak.state) back.searchParams.set('state', tweak.state);
  const callback = await service.inject({
    method: 'GET',
    url: `${back.pathname}${back.search}`,
    cookies: { [OIDC_STATE_COOKIE]: tweak.stateCookie ?? state },
  });
  return { callback, state };
}
