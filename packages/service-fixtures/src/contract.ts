import { INTERNAL_TOKEN_HEADER } from '@vivier/service-kit';

/** An answer as a contract test asserts on it: the status and the parsed JSON body, if any. */
export interface ContractAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- contract tests assert field by field
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Calls an internal API with the service token (or `token`: null sends none). A contract test
 * gets one for the owner's real app and one for its fixture, and runs the same assertions on
 * both: the owner's routes and the fixture other services test against cannot drift apart.
 */
export type InternalCall = (
  method: Method,
  url: string,
  payload?: object,
  token?: string | null,
) => Promise<ContractAnswer>;

const headersFor = (token: string | null): Record<string, string> =>
  token === null ? {} : { [INTERNAL_TOKEN_HEADER]: token };

/** An internal API reached over HTTP (a fixture's `url`). */
export function callOverHttp(baseUrl: string, internalToken: string): InternalCall {
  return async (method, url, payload, token = internalToken) => {
    const response = await fetch(baseUrl + url, {
      method,
      headers: { ...headersFor(token), ...(payload ? { 'content-type': 'application/json' } : {}) },
      body: payload ? JSON.stringify(payload) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
}

/** A Fastify app's internal API through `inject` (the owner's app as its tests build it). */
export function callByInject(
  app: {
    inject(options: {
      method: Method;
      url: string;
      payload?: object;
      headers: Record<string, string>;
    }): Promise<{ statusCode: number; body: string }>;
  },
  internalToken: string,
): InternalCall {
  return async (method, url, payload, token = internalToken) => {
    const response = await app.inject({ method, url, payload, headers: headersFor(token) });
    return {
      status: response.statusCode,
      body: response.body ? (JSON.parse(response.body) as unknown) : undefined,
    };
  };
}
