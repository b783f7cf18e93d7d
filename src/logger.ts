/**
 * @module createLogger: JSON logs (pino) with the one redaction list for secrets. Every line
 * carries its level as a name (`"level":"info"`), so log tools and fail2ban filters match words,
 * not pino's numbers.
 */
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/**
 * Paths redacted wherever they appear in a logged object (one or two levels deep). Secrets
 * never reach a log line: bodies are not logged, and these catch what is logged by mistake.
 */
export const REDACT_PATHS = [
  'password', 'extension_password', 'voicemail_pin', 'door_password1', 'door_password2', 'provision_token',
  'adminToken', 'authorization', 'token', 'access_key_secret', 'accessKeySecret',
  '*.password', '*.extension_password', '*.voicemail_pin', '*.door_password1', '*.door_password2',
  '*.provision_token', '*.authorization', '*.adminToken', '*.token', '*.access_key_secret', '*.accessKeySecret',
  'req.headers.authorization', 'headers.authorization',
];

export interface LoggerOptions {
  readonly level: string;
  /** Where lines go (default stdout); tests pass a stream to read them back. */
  readonly destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    (options.destination ?? process.stdout) as pino.DestinationStream
  );
}
