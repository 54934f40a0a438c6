import { Logger } from '@aws-lambda-powertools/logger';
import { redactingReplacer } from './redact';

/** Structured JSON logs with secrets redacted; `LOG_LEVEL` (or `POWERTOOLS_LOG_LEVEL`) sets the level. */
export const createLogger = (serviceName: string, env: NodeJS.ProcessEnv = process.env): Logger =>
  new Logger({
    serviceName,
    logLevel: (env.LOG_LEVEL ?? env.POWERTOOLS_LOG_LEVEL ?? 'INFO').toUpperCase() as 'INFO',
    jsonReplacerFn: redactingReplacer,
  });
