import { ConfigError } from './config';

export interface Secrets {
  /** Accepted API keys; several may be active at once so that keys rotate without downtime. */
  apiKeys: string[];
  slackBotToken: string;
  /** Standard Webhooks secrets (`whsec_…`); every active one signs, so receivers can rotate. */
  signingSecrets: string[];
}

export type SecretName = keyof Secrets;

const ENV_NAMES: Record<SecretName, string> = {
  apiKeys: 'API_KEYS',
  slackBotToken: 'SLACK_BOT_TOKEN',
  signingSecrets: 'CALLBACK_SIGNING_SECRET',
};

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');

const read = (name: SecretName, env: NodeJS.ProcessEnv): Secrets[SecretName] => {
  const raw = env[ENV_NAMES[name]];
  const value = name === 'slackBotToken' ? (raw ?? '').trim() : list(raw);
  // A missing or malformed secret is named, never echoed.
  if (value.length === 0) throw new ConfigError(`Missing secret configuration: ${ENV_NAMES[name]}`);
  if (name === 'signingSecrets' && (value as string[]).some((secret) => !secret.startsWith('whsec_'))) {
    throw new ConfigError('CALLBACK_SIGNING_SECRET must hold whsec_… secrets');
  }
  return value;
};

/** Reads one secret from the environment when first asked, then keeps it. */
export const secretGetter = <K extends SecretName>(name: K, env: NodeJS.ProcessEnv = process.env): (() => Promise<Secrets[K]>) => {
  let cached: Secrets[K] | undefined;
  return async () => {
    cached ??= read(name, env) as Secrets[K];
    return cached;
  };
};
