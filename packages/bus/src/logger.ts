/**
 * The slice of pino the bus needs, object first like pino, so a service passes its own logger
 * (or a child) and the bus does not depend on pino.
 */
export interface BusLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

const ignore = () => {};

export const silentLogger: BusLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
