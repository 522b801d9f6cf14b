// Structured JSON logs. Secrets never reach a log line: the Authorization header
// is never logged, and redaction guards the paths where one could slip in.
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          'req.headers.authorization',
          'headers.authorization',
          'req.headers.cookie',
          'headers.cookie',
          'token',
          '*.token',
          'variables.input.token',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** Yoga's own log calls, into the same log. */
export function yogaLogging(logger: Logger) {
  const line = (args: unknown[]) => args.map(String).join(' ');
  return {
    debug: (...args: unknown[]) => logger.debug(line(args)),
    info: (...args: unknown[]) => logger.info(line(args)),
    warn: (...args: unknown[]) => logger.warn(line(args)),
    error: (...args: unknown[]) => logger.error(line(args)),
  };
}
