export { parseEnv, loadEnvOrExit, EnvError, KNOWN_DEVELOPMENT_SECRETS } from './parse-env';
export * from './schemas';
