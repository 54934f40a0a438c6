import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs; `POWERTOOLS_LOG_LEVEL` (or `LOG_LEVEL`) sets the level. */
export const createLogger = (serviceName: string): Logger =>
  new Logger({ serviceName, logLevel: (process.env.LOG_LEVEL ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO') as 'INFO' });
