import { describe, expect, it } from 'vitest';
import { isPublicRoute } from './route-table';

describe('isPublicRoute', () => {
  it("a shared chat's page data needs no token", () => {
    expect(isPublicRoute('GET', '/api/shares/AbC_d-9xYz0123456789abcdefghijklmnopqrstuvw/public')).toBe(true);
  });

  it('the owner routes under /api/shares and look-alike paths still need one', () => {
    for (const [method, path] of [
      ['GET', '/api/shares'],
      ['DELETE', '/api/shares/abc'],
      ['POST', '/api/shares/abc/public'],
      ['DELETE', '/api/shares/abc/public'],
      ['GET', '/api/shares/abc/public/more'],
      ['GET', '/api/shares/a/b/public'],
      ['GET', '/api/shares/../chats/public'],
      ['GET', '/api/shares//public'],
      ['GET', '/api/chats/abc/public'],
    ] as const) {
      expect(isPublicRoute(method, path), `${method} ${path}`).toBe(false);
    }
  });
});
