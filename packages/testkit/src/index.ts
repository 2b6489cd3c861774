export * from './smtp-sink';
export * from './test-env';
export * from './log-capture';
export * from './fake-llm';
export * from './free-port';
export * from './test-tokens';
export * from './stripe-stub';
export * from './minimal-pdf';
