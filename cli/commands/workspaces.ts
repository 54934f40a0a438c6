import type { Command } from 'commander';
import type { ActionFactory } from '../context';
import { EXIT_OK, UsageError } from '../errors';
import { segment } from '../http';
import { parseWorkspace } from '../options';
import { readAll } from '../stdin';

/** A registered workspace as GET /v1/workspaces lists it (never its token). */
interface WorkspaceView {
  team_id: string;
  team_name?: string;
  bot_user_id?: string;
  status?: string;
  disabled_code?: string;
  source?: string;
  default?: boolean;
  [field: string]: unknown;
}

/** The list, whether the API answers `[…]` or `{"workspaces": […]}`. */
export const workspacesOf = (answer: unknown): WorkspaceView[] => {
  if (Array.isArray(answer)) return answer as WorkspaceView[];
  const list = (answer as { workspaces?: unknown } | undefined)?.workspaces;
  return Array.isArray(list) ? (list as WorkspaceView[]) : [];
};

/** The token piped in: one line, trimmed; never taken from the command line. */
export const tokenFrom = (text: string): string => {
  const token = text.trim();
  if (token === '') throw new UsageError('no token on stdin: pipe it in, e.g. printf %s "$TOKEN" | scq workspaces add T0123456789 --token-stdin');
  if (/\s/.test(token)) throw new UsageError('stdin must hold the bot token alone');
  return token;
};

/** `scq workspaces [list|add|rm]`: the workspace registry (GET, PUT, DELETE /v1/workspaces…). */
export const registerWorkspaces = (program: Command, action: ActionFactory): void => {
  const workspaces = program.command('workspaces').description('the workspace registry: list, add (token from stdin) and remove workspaces');
  workspaces
    .command('list', { isDefault: true })
    .description('list the registered workspaces (GET /v1/workspaces)')
    .action(
      action(async (context) => {
        const answer = await context.client().get<unknown>('/v1/workspaces');
        if (context.output.json) {
          context.output.document(answer);
          return EXIT_OK;
        }
        const list = workspacesOf(answer);
        if (list.length === 0) context.output.line('No workspaces registered.');
        else
          context.output.table(
            ['TEAM', 'NAME', 'BOT USER', 'STATUS', 'SOURCE'],
            list.map((w) => [
              `${w.team_id}${w.default ? ' (default)' : ''}`,
              w.team_name ?? '',
              w.bot_user_id ?? '',
              `${w.status ?? ''}${w.disabled_code ? ` (${w.disabled_code})` : ''}`,
              w.source ?? '',
            ]),
          );
        return EXIT_OK;
      }),
    );
  workspaces
    .command('add')
    .description('register a workspace\'s bot token, read from stdin (PUT /v1/workspaces/{team_id})')
    .argument('<team_id>', 'the workspace (T…) or org (E…) ID the token belongs to', parseWorkspace)
    .option('--token-stdin', 'read the bot token from stdin (required: a token is never taken from the command line)')
    .action(
      action(async (context, teamId: string, options: { tokenStdin?: boolean }) => {
        if (!options.tokenStdin) throw new UsageError('the bot token is read from stdin only: pass --token-stdin and pipe it in');
        const token = tokenFrom(await readAll(context.io.stdin));
        const answer = await context.client().put<{ team_id: string; team_name?: string; bot_user_id?: string }>(`/v1/workspaces/${segment(teamId)}`, { bot_token: token });
        if (context.output.json) context.output.document(answer);
        else context.output.line(`workspace ${answer.team_id}${answer.team_name ? ` (${answer.team_name})` : ''} registered${answer.bot_user_id ? `, bot ${answer.bot_user_id}` : ''}`);
        return EXIT_OK;
      }),
    );
  workspaces
    .command('rm')
    .description('remove a workspace from the registry (DELETE /v1/workspaces/{team_id})')
    .argument('<team_id>', 'the workspace (T…) or org (E…) ID', parseWorkspace)
    .action(
      action(async (context, teamId: string) => {
        const answer = await context.client().delete<unknown>(`/v1/workspaces/${segment(teamId)}`);
        if (context.output.json) context.output.document(answer ?? { team_id: teamId, removed: true });
        else context.output.line(`workspace ${teamId} removed`);
        return EXIT_OK;
      }),
    );
};
