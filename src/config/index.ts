export { loadConfig, readEnvFile, ConfigError } from './config.ts';
export type { Config } from './config.ts';
