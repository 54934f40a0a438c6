import { z } from 'zod';
import { ConfigError } from '../config/config';
import { WORKSPACE_ID_PATTERN } from './access';
import type { WorkspaceRegistry } from './registry';

const seedSchema = z.record(z.string().regex(WORKSPACE_ID_PATTERN), z.string().regex(/^xox[a-z]-[A-Za-z0-9-]{1,250}$/));

/** Reads SLACK_BOT_TOKENS (`{"T…": "xoxb-…"}`); a malformed value is named, never echoed. */
export const parseSeedTokens = (raw: string | undefined): Record<string, string> => {
  if (raw === undefined || raw.trim() === '') return {};
  try {
    return seedSchema.parse(JSON.parse(raw));
  } catch (error) {
    throw new ConfigError('SLACK_BOT_TOKENS must be JSON like {"T0123ABCD": "xoxb-…"} (team IDs to bot tokens)', { cause: error });
  }
};

/** Registers each seeded workspace (auth.test checks every token); returns the team IDs. */
export const seedRegistry = async (registry: Pick<WorkspaceRegistry, 'register'>, tokens: Record<string, string>): Promise<string[]> => {
  const seeded: string[] = [];
  for (const [teamId, token] of Object.entries(tokens)) {
    try {
      await registry.register(teamId, token, 'seed');
    } catch (error) {
      throw new ConfigError(`SLACK_BOT_TOKENS: the token of ${teamId} was not registered: ${(error as Error).message}`, { cause: error });
    }
    seeded.push(teamId);
  }
  return seeded;
};
