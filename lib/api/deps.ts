import type { Logger } from '@aws-lambda-powertools/logger';
import type { ManageDeps } from '../jobs/manage';
import type { SubmitDeps } from '../jobs/submit';

export const MAX_BODY_BYTES = 1024 * 1024;

/** What the API's routes are built from: clients, the ledger, settings and the key list. */
export interface ApiDeps extends SubmitDeps, ManageDeps {
  /** API_KEYS entries (`key` or `key=T111|T222`), read when needed so that rotation needs no deploy. */
  acceptedKeys: () => Promise<readonly string[]>;
  logger: Logger;
}
