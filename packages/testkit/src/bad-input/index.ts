export * from './zod-arbitrary';
export * from './route-requests';
export * from './envelope-check';
export * from './route-properties';
export * from './hostile-tokens';
export * from './access-matrix';
