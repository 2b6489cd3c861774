import { ErrorEnvelope, OpenAiErrorBody, errorStatus } from '@vivier/contracts';
import type { InjectRequest, InjectResponse } from './route-requests';

/**
 * What every answer to any input must satisfy: never a 5xx, and every 4xx is the shared error
 * envelope whose code maps to that status and whose requestId is the one in `x-request-id`.
 * Returns the problem in words, or undefined.
 */
export function envelopeProblem(response: InjectResponse): string | undefined {
  if (response.statusCode >= 500) return `answered ${response.statusCode}: ${response.body.slice(0, 300)}`;
  if (response.statusCode < 400) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    return `answered ${response.statusCode} with a body that is not JSON: ${response.body.slice(0, 300)}`;
  }
  const envelope = ErrorEnvelope.safeParse(parsed);
  if (!envelope.success)
    return `answered ${response.statusCode} without the envelope: ${response.body.slice(0, 300)}`;
  if (errorStatus[envelope.data.error.code] !== response.statusCode) {
    return `answered ${response.statusCode} with code ${envelope.data.error.code} (${errorStatus[envelope.data.error.code]})`;
  }
  if (envelope.data.requestId !== response.headers['x-request-id']) {
    return `requestId ${envelope.data.requestId} differs from x-request-id ${String(response.headers['x-request-id'])}`;
  }
  return undefined;
}

/**
 * The same rule for the OpenAI-compatible API (`/v1`), whose errors are in OpenAI's shape: never a
 * 5xx, and every 4xx is `{error: {message, type, param, code}}`.
 */
export function openAiErrorProblem(response: InjectResponse): string | undefined {
  if (response.statusCode >= 500) return `answered ${response.statusCode}: ${response.body.slice(0, 300)}`;
  if (response.statusCode < 400) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    return `answered ${response.statusCode} with a body that is not JSON: ${response.body.slice(0, 300)}`;
  }
  if (!OpenAiErrorBody.safeParse(parsed).success)
    return `answered ${response.statusCode} without OpenAI's error shape: ${response.body.slice(0, 300)}`;
  return undefined;
}

/** A request in a form short enough for a failure message (long bodies cut). */
export function describeRequest(request: InjectRequest): string {
  const payload = request.payload === undefined ? '' : ` ${request.payload.slice(0, 200)}`;
  return `${request.method} ${request.url.slice(0, 300)} ${JSON.stringify(request.headers).slice(0, 300)}${payload}`;
}
