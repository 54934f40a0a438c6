import { Webhook } from 'standardwebhooks';

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Standard Webhooks headers. `webhook-id` is the job ID, stable across retries so receivers can
 * deduplicate; each active secret adds a signature, so a secret can be rotated without downtime.
 */
export const signPayload = (secrets: readonly string[], id: string, body: string, at: Date): SignedHeaders => {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(id, at, body));
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
};
