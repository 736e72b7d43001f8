// A pino logger that never writes a token or a secret, to stderr so that CLI stdout stays clean.
import { pino, type Logger } from 'pino';

/** Paths whose values are replaced by [redacted] wherever they appear in a log record. */
export const redactPaths = [
  'token', 'accessToken', 'access_token', 'apiKey', 'api_key', 'key', 'secret', 'password', 'authorization',
  'sig', 'applicationSecretKey', 'sessionSecretKey',
  '*.token', '*.accessToken', '*.access_token', '*.apiKey', '*.api_key', '*.secret', '*.password',
  '*.authorization', '*.Authorization', '*.sig', '*.applicationSecretKey', '*.sessionSecretKey',
  'headers.authorization', 'headers.cookie', '*.headers.authorization', '*.headers.cookie',
  'config.headers.Authorization', 'config.params.access_token', 'config.params.key',
];

// Tokens also hide inside URLs and error messages; this masks query parameters that carry them.
const secretInText = /((?:access_token|token|key|sig|session_key|application_key|password)=)[^&\s"']+/gi;
export const maskSecrets = (text: string): string => text.replace(secretInText, '$1[redacted]');

export interface LoggerOptions {
  name: string;
  level?: string;
  /** Where to write; default stderr (fd 2). */
  destination?: NodeJS.WritableStream | number;
}

export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? 2;
  return pino(
    {
      name: options.name,
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: { paths: redactPaths, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskSecrets(a) : a));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
      formatters: {
        log(object) {
          const err = object.err as { message?: string; stack?: string } | undefined;
          if (err && typeof err === 'object') {
            if (err.message) err.message = maskSecrets(err.message);
            if (err.stack) err.stack = maskSecrets(err.stack);
          }
          if (typeof object.url === 'string') object.url = maskSecrets(object.url);
          return object;
        },
      },
    },
    typeof destination === 'number' ? pino.destination({ fd: destination, sync: true }) : destination,
  );
}

export type { Logger };
