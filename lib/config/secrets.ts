import { ConfigError } from './config';

export interface Secrets {
  /** Accepted API keys; several may be active at once so that keys rotate without downtime. */
  apiKeys: string[];
  slackBotToken: string;
  /** Standard Webhooks secrets (`whsec_…`); every active one signs, so receivers can rotate. */
  signingSecrets: string[];
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');

export type SecretName = keyof Secrets;

/**
 * Reads secrets from the environment. Each component asks only for the ones it uses, and a
 * missing one is named without its value.
 */
export const loadSecrets = <K extends SecretName>(names: readonly K[], env: NodeJS.ProcessEnv = process.env): Pick<Secrets, K> => {
  const all: Secrets = {
    apiKeys: list(env.API_KEYS),
    slackBotToken: env.SLACK_BOT_TOKEN ?? '',
    signingSecrets: list(env.CALLBACK_SIGNING_SECRET),
  };
  const envNames: Record<SecretName, string> = {
    apiKeys: 'API_KEYS',
    slackBotToken: 'SLACK_BOT_TOKEN',
    signingSecrets: 'CALLBACK_SIGNING_SECRET',
  };
  const missing = names.filter((name) => all[name].length === 0).map((name) => envNames[name]);
  if (missing.length > 0) throw new ConfigError(`Missing secret configuration: ${missing.join(', ')}`);
  const bad = all.signingSecrets.filter((secret) => !secret.startsWith('whsec_'));
  if (names.includes('signingSecrets' as K) && bad.length > 0) {
    throw new ConfigError('CALLBACK_SIGNING_SECRET must hold whsec_… secrets');
  }
  return Object.fromEntries(names.map((name) => [name, all[name]])) as Pick<Secrets, K>;
};
