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
