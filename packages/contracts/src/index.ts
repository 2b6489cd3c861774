export * from './errors';
export * from './ids';
export * from './common';
export * from './auth';
export * from './events';
export * from './frames';
export * from './chat';
export * from './billing';
