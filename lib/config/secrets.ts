import { ConfigError } from './config';

export interface Secrets {
  /** Accepted API keys; several may be active at once so that keys rotate without downtime. */
  apiKeys: string[];
  slackBotToken: string;
  /** The Slack app's OAuth client secret ("Add to Slack"). */
  slackClientSecret: string;
  /** Signs the OAuth `state` parameter. */
  slackStateSecret: string;
  /** Standard Webhooks secrets (`whsec_…`); every active one signs, so receivers can rotate. */
  signingSecrets: string[];
}

export type SecretName = keyof Secrets;

/** Reads a parameter's decrypted value; Powertools' SSM provider, with its cache, when deployed. */
export type ParameterReader = (name: string) => Promise<string | undefined>;

const ENV_NAMES: Record<SecretName, string> = {
  apiKeys: 'API_KEYS',
  slackBotToken: 'SLACK_BOT_TOKEN',
  slackClientSecret: 'SLACK_CLIENT_SECRET',
  slackStateSecret: 'SLACK_STATE_SECRET',
  signingSecrets: 'CALLBACK_SIGNING_SECRET',
};

/** Secrets that are one value; the others are lists (several active at once, for rotation). */
const SINGLE_VALUED: ReadonlySet<SecretName> = new Set(['slackBotToken', 'slackClientSecret', 'slackStateSecret']);

/** How long a secret read from SSM is kept: a rotated value is in use within this time. */
export const SECRET_CACHE_SECONDS = 300;

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');

/** Parses a secret's raw value; a missing or malformed one is named, never echoed. */
const parse = (name: SecretName, raw: string | undefined, origin: string): Secrets[SecretName] => {
  const value = SINGLE_VALUED.has(name) ? (raw ?? '').trim() : list(raw);
  if (value.length === 0) throw new ConfigError(`Missing secret configuration: ${origin}`);
  if (name === 'signingSecrets' && (value as string[]).some((secret) => !secret.startsWith('whsec_'))) {
    throw new ConfigError(`${origin} must hold whsec_… secrets`);
  }
  return value;
};

const ssmReader: ParameterReader = async (parameterName) => {
  // Loaded on first use: the local stack, which has no SSM, never loads the SSM client.
  const { getParameter } = await import('@aws-lambda-powertools/parameters/ssm');
  return getParameter(parameterName, { decrypt: true, maxAge: SECRET_CACHE_SECONDS });
};

/**
 * A getter for one secret. Deployed, the environment names an SSM SecureString
 * (`SLACK_BOT_TOKEN_PARAM=/slack-conversations-queue/prod/slack-bot-token`) read at runtime and
 * cached for SECRET_CACHE_SECONDS; locally the value itself is in the environment.
 */
export const secretGetter = <K extends SecretName>(
  name: K,
  env: NodeJS.ProcessEnv = process.env,
  readParameter: ParameterReader = ssmReader,
): (() => Promise<Secrets[K]>) => {
  const parameterName = env[`${ENV_NAMES[name]}_PARAM`];
  if (parameterName) {
    return async () => {
      let raw: string | undefined;
      try {
        raw = await readParameter(parameterName);
      } catch (error) {
        if ((error as Error).name === 'ParameterNotFound' || /ParameterNotFound/.test(String((error as Error).message))) {
          throw new ConfigError(`Missing secret configuration: SSM parameter ${parameterName}`);
        }
        throw error;
      }
      return parse(name, raw, `SSM parameter ${parameterName}`) as Secrets[K];
    };
  }
  let cached: Secrets[K] | undefined;
  return async () => {
    cached ??= parse(name, env[ENV_NAMES[name]], ENV_NAMES[name]) as Secrets[K];
    return cached;
  };
};

/** The same getter, answering undefined instead of throwing when the secret is not configured at all. */
export const optionalSecret =
  <T>(getter: () => Promise<T>): (() => Promise<T | undefined>) =>
  async () => {
    try {
      return await getter();
    } catch (error) {
      if (error instanceof ConfigError && error.message.startsWith('Missing secret configuration')) return undefined;
      throw error;
    }
  };
