import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, LevelWithSilentOrString } from 'pino';
import type { Logger } from './logger';

/** What a deferred child needs of its parent: a pino logger or another deferred child. */
type Parent = Pick<Logger, 'child' | 'isLevelEnabled' | 'level'> | DeferredChildLogger;

/**
 * A request's logger that becomes a real pino child only when a line is logged at an enabled level
 * (or something asks for its bindings). Fastify makes a child per request, and the auth hook another
 * one with the caller's id; each costs a few kilobytes with our redaction and serializers, almost
 * always for nothing: at LOG_LEVEL=warn most requests log no line. Under a burst of handshakes that
 * garbage is promoted and stays resident among the sockets (issue 11). The real child is built from
 * the same parent with the same bindings and options, so every line logged is exactly the line an
 * eager child would have written (request id, redaction, trace ids from the active span at the time
 * of the call).
 */
export class DeferredChildLogger implements FastifyBaseLogger {
  #parent: Parent;
  #bindings: Bindings;
  #options: ChildLoggerOptions | undefined;
  #logger: Logger | undefined;

  constructor(parent: Parent, bindings: Bindings, options?: ChildLoggerOptions) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  /** The real pino child, made on first need and kept. */
  resolve(): Logger {
    if (!this.#logger) {
      const parent = this.#parent instanceof DeferredChildLogger ? this.#parent.resolve() : this.#parent;
      this.#logger = parent.child(this.#bindings, this.#options);
    }
    return this.#logger;
  }

  get level(): LevelWithSilentOrString {
    return this.#logger?.level ?? this.#options?.level ?? this.#parent.level;
  }

  set level(level: LevelWithSilentOrString) {
    this.resolve().level = level;
  }

  isLevelEnabled(level: LevelWithSilentOrString): boolean {
    if (this.#logger) return this.#logger.isLevelEnabled(level);
    const own = this.#options?.level;
    if (own === undefined) return this.#parent.isLevelEnabled(level);
    const values = this.#root().levels.values;
    const wanted = values[level];
    return wanted !== undefined && wanted >= (values[own] ?? Infinity);
  }

  /** The nearest real logger up the chain: its level table (levels are the same for every child). */
  #root(): Pick<Logger, 'levels'> {
    let parent = this.#parent;
    while (parent instanceof DeferredChildLogger) parent = parent.#parent;
    return parent as unknown as Pick<Logger, 'levels'>;
  }

  #write(level: Level, args: unknown[]): void {
    if (!this.isLevelEnabled(level)) return;
    // The pino method's overloads are not expressible over a rest array.
    const logger = this.resolve();
    const write: (...rest: unknown[]) => void = logger[level];
    write.apply(logger, args);
  }

  fatal(...args: unknown[]): void {
    this.#write('fatal', args);
  }

  error(...args: unknown[]): void {
    this.#write('error', args);
  }

  warn(...args: unknown[]): void {
    this.#write('warn', args);
  }

  info(...args: unknown[]): void {
    this.#write('info', args);
  }

  debug(...args: unknown[]): void {
    this.#write('debug', args);
  }

  trace(...args: unknown[]): void {
    this.#write('trace', args);
  }

  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): DeferredChildLogger {
    return new DeferredChildLogger(this, bindings, options);
  }

  bindings(): Bindings {
    return this.resolve().bindings();
  }
}

/**
 * Fastify's `childLoggerFactory`: the per-request logger, deferred. Fastify passes the instance's
 * logger, which createService sets to our pino logger.
 */
export function deferredChildLoggerFactory(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  return new DeferredChildLogger(logger as Logger, bindings, options);
}
