export { parseEnv, loadEnvOrExit, EnvError } from './parse-env';
export * from './schemas';
