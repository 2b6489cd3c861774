/**
 * The web app's only read of process.env (the lint allows `src/env.ts` alone). Next.js inlines
 * NODE_ENV into every bundle at build time, so this is the build's mode, not runtime config.
 */
export const isDevelopment = process.env.NODE_ENV === 'development';
