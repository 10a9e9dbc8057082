/**
 * The little the runtime needs of a logger. A pino logger fits as is; tests pass `silentLogger`.
 */
export interface Logger {
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}

export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
};
