import type { Logger } from '@aws-lambda-powertools/logger';
import type { ManageDeps } from '../jobs/manage';
import type { SubmitRequestDeps } from '../jobs/submit';
import type { WorkspaceRegistry } from '../workspaces/registry';
import type { SlackInstall } from '../workspaces/oauth';
import type { OpsDeps } from '../ops/types';
import type { SlackApiSettings } from '../slackApi/handleCall';

export const MAX_BODY_BYTES = 1024 * 1024;

/** What the API's routes are built from: clients, the ledger, settings and the key list. */
export interface ApiDeps extends SubmitRequestDeps, ManageDeps, Pick<OpsDeps, 'groupStats' | 'jobsDlqUrl' | 'callbacksDlqUrl'> {
  /** API_KEYS entries (`key` or `key=T111|T222`), read when needed so that rotation needs no deploy. */
  acceptedKeys: () => Promise<readonly string[]>;
  registry: WorkspaceRegistry;
  /** Slack's "Add to Slack" flow; absent when SLACK_CLIENT_ID / SECRET / STATE_SECRET are not set. */
  install?: SlackInstall;
  /** SLACK_REDIRECT_URI, when the API's own address is not what Slack should send browsers back to. */
  installRedirectUri?: string;
  /** The Slack-compatible endpoint: how long it waits for a job, how long a repeat is answered from it. */
  slackApi: SlackApiSettings;
  logger: Logger;
}
