import { paginate } from '../slack/paginate';
import { findChannelByName } from '../slack/findChannel';
import { inviteInChunks } from '../slack/inviteInChunks';
import type { SlackOutcome, SlackResponse } from '../slack/outcome';
import type { SlackCall } from '../slack/slackClient';
import { findChannelCreatedByUs } from '../slack/verifyCreate';
import type { EnsureArgs } from './ensureArgs';

export type ChangeAction = 'create' | 'join' | 'unarchive' | 'set_topic' | 'set_purpose' | 'invite' | 'kick' | 'archive';

export interface Change {
  action: ChangeAction;
  [detail: string]: unknown;
}

/** How far an ensure got: kept in the ledger after every write, so a retry or restart goes on from there. */
export interface EnsureProgress {
  channel?: { id: string; name: string };
  created: boolean;
  changes: Change[];
}

export interface EnsureContext {
  /** Slack, each call paced in its own method's group. */
  call: SlackCall;
  workspace: string;
  enqueuedAt: string;
  /** Tried before: a create meeting name_taken may be this job's own earlier attempt. */
  tried: boolean;
  progress?: EnsureProgress;
  saveProgress: (progress: EnsureProgress) => Promise<void>;
  names: { get: (workspace: string, name: string) => Promise<string | undefined>; remember: (workspace: string, name: string, id: string) => Promise<void> };
}

/** The channel as the ensure sees it: what it compares against what was asked for. */
interface ChannelState {
  id: string;
  name: string;
  is_private: boolean;
  is_archived: boolean;
  is_member: boolean;
  topic: string;
  purpose: string;
  /** Members known without asking: a channel this pass just made holds only its creator, the bot. */
  knownMembers?: string[];
}

const toState = (channel: Record<string, unknown>): ChannelState => ({
  id: String(channel.id),
  name: String(channel.name),
  is_private: channel.is_private === true,
  is_archived: channel.is_archived === true,
  is_member: channel.is_member !== false,
  topic: (channel.topic as { value?: string } | undefined)?.value ?? '',
  purpose: (channel.purpose as { value?: string } | undefined)?.value ?? '',
});

class StepFailed extends Error {
  constructor(readonly outcome: SlackOutcome) {
    super('a step of the ensure did not succeed');
    this.name = 'StepFailed';
  }
}

/** Succeeded (or already done) → its response; anything else ends the ensure with that outcome. */
const must = (outcome: SlackOutcome): SlackResponse => {
  if (outcome.kind !== 'succeeded') throw new StepFailed(outcome);
  return outcome.response;
};

/** Slack takes 100 users an invite call. */
const INVITE_CHUNK = 100;

const conflict = (message: string): SlackOutcome => ({ kind: 'permanent', code: 'name_taken', message, response: { ok: false, error: 'name_taken' } });

/**
 * Makes a channel look as asked with the fewest Slack calls: find it (the remembered ID checked
 * with conversations.info; else create it; else, when the name is taken, list to find it and
 * adopt it if allowed), then unarchive, set the topic and purpose where they differ, invite the
 * missing members (100 a call), remove the others when asked (never the bot), and archive last.
 * Every write is compared against Slack's state first, so a second run, a retry or a run resumed
 * after a crash does no write twice. `dry_run` reports the plan and writes nothing.
 */
export const runEnsure = async (args: EnsureArgs, ctx: EnsureContext): Promise<SlackOutcome> => {
  const progress: EnsureProgress = ctx.progress ?? { created: false, changes: [] };
  const { call } = ctx;
  const dryRun = args.dry_run === true;
  const planned: Change[] = [];
  const record = async (change: Change) => {
    if (dryRun) {
      planned.push(change);
      return;
    }
    progress.changes.push(change);
    await ctx.saveProgress(progress);
  };

  try {
    const state = await locate(args, ctx, progress, dryRun, record);
    if (!state) {
      // Dry run of a channel that does not exist yet: everything would be done.
      const plan: Change[] = [{ action: 'create', name: args.name, is_private: args.is_private === true }];
      if (args.topic) plan.push({ action: 'set_topic', topic: args.topic });
      if (args.purpose) plan.push({ action: 'set_purpose', purpose: args.purpose });
      if (args.members?.length) plan.push({ action: 'invite', users: args.members });
      if (args.archived) plan.push({ action: 'archive' });
      return { kind: 'succeeded', response: { ok: true, channel: { name: args.name }, created: true, changes: plan, dry_run: true } };
    }
    const write = async (method: string, callArgs: Record<string, unknown>, change: Change) => {
      if (!dryRun) must(await call(method, callArgs));
      await record(change);
    };

    if (!state.is_member && !state.is_private && !state.is_archived) {
      await write('conversations.join', { channel: state.id }, { action: 'join' });
      state.is_member = true;
    }
    if (state.is_archived && args.archived !== true) {
      await write('conversations.unarchive', { channel: state.id }, { action: 'unarchive' });
      state.is_archived = false;
    }
    if (!state.is_archived) {
      if (args.topic !== undefined && args.topic !== state.topic) {
        await write('conversations.setTopic', { channel: state.id, topic: args.topic }, { action: 'set_topic', from: state.topic, topic: args.topic });
        state.topic = args.topic;
      }
      if (args.purpose !== undefined && args.purpose !== state.purpose) {
        await write('conversations.setPurpose', { channel: state.id, purpose: args.purpose }, { action: 'set_purpose', from: state.purpose, purpose: args.purpose });
        state.purpose = args.purpose;
      }
      if (args.members !== undefined || args.remove_other_members) await syncMembers(args, ctx, state, dryRun, record);
    }
    if (args.archived === true && !state.is_archived) {
      await write('conversations.archive', { channel: state.id }, { action: 'archive' });
      state.is_archived = true;
    }
    return {
      kind: 'succeeded',
      response: { ok: true, channel: state, created: progress.created, changes: dryRun ? planned : progress.changes, dry_run: dryRun },
    };
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    const { outcome } = error;
    if (outcome.kind !== 'permanent') return outcome; // retried: progress is in the ledger
    return { ...outcome, response: { ...outcome.response, ok: false, ...(progress.channel && { channel: progress.channel }), created: progress.created, changes: progress.changes, dry_run: dryRun } };
  }
};

/** Finds (or, unless a dry run, creates) the channel; undefined only for a dry run of a channel not there yet. */
const locate = async (args: EnsureArgs, ctx: EnsureContext, progress: EnsureProgress, dryRun: boolean, record: (change: Change) => Promise<void>): Promise<ChannelState | undefined> => {
  const { call } = ctx;
  const known = progress.channel?.id ?? (await ctx.names.get(ctx.workspace, args.name));
  if (known) {
    const info = await call('conversations.info', { channel: known });
    if (info.kind === 'succeeded') {
      const state = toState(info.response.channel as Record<string, unknown>);
      // This ensure's own channel (from its progress) even if renamed since; a remembered one only by its name.
      if (progress.channel?.id === state.id || state.name === args.name) return adoptable(args, state, progress);
    } else if (info.kind !== 'permanent') {
      must(info);
    }
  }
  if (!dryRun) {
    const created = await call('conversations.create', { name: args.name, is_private: args.is_private === true });
    if (created.kind === 'succeeded') {
      const channel = created.response.channel as Record<string, unknown>;
      const state = { ...toState(channel), knownMembers: [String(channel.creator)] };
      progress.channel = { id: state.id, name: state.name };
      progress.created = true;
      // Progress first: a retry must know the channel is its own before the name hint points at it.
      await record({ action: 'create', id: state.id, name: state.name, is_private: state.is_private });
      await ctx.names.remember(ctx.workspace, args.name, state.id);
      return state;
    }
    if (created.kind !== 'permanent' || created.code !== 'name_taken') must(created);
    if (ctx.tried) {
      // Our own earlier attempt may have made it, its answer lost before the progress was kept.
      const ours = await findChannelCreatedByUs(call, args.name, new Date(ctx.enqueuedAt));
      if ('failed' in ours) must(ours.failed);
      else if (ours.found) {
        const state = toState(ours.found);
        progress.channel = { id: state.id, name: state.name };
        progress.created = true;
        await record({ action: 'create', id: state.id, name: state.name, is_private: state.is_private });
        await ctx.names.remember(ctx.workspace, args.name, state.id);
        return state;
      }
    }
  }
  const found = await findChannelByName(call, args.name);
  if ('failed' in found) throw new StepFailed(found.failed);
  if (!found.found) {
    if (dryRun) return undefined;
    throw new StepFailed(conflict(`A channel named ${args.name} exists, but the bot cannot see it (a private channel it is not in)`));
  }
  const state = toState(found.found);
  if (!dryRun) await ctx.names.remember(ctx.workspace, args.name, state.id);
  return adoptable(args, state, progress);
};

/** An existing channel is taken over only when allowed and of the privacy asked for. */
const adoptable = (args: EnsureArgs, state: ChannelState, progress: EnsureProgress): ChannelState => {
  if (progress.channel?.id === state.id) return state;
  if (args.adopt_existing === false) throw new StepFailed(conflict(`A channel named ${args.name} already exists and adopt_existing is false`));
  if (args.is_private !== undefined && args.is_private !== state.is_private) {
    throw new StepFailed(conflict(`A ${state.is_private ? 'private' : 'public'} channel named ${args.name} already exists`));
  }
  progress.channel = { id: state.id, name: state.name };
  return state;
};

/** Invites the missing members and, when asked, removes the others: each compared with the live member list. */
const syncMembers = async (args: EnsureArgs, ctx: EnsureContext, state: ChannelState, dryRun: boolean, record: (change: Change) => Promise<void>) => {
  const current = new Set(state.knownMembers ?? ((must(await paginate(ctx.call, 'conversations.members', { channel: state.id, limit: 999 }, 100_000)).members ?? []) as string[]));
  const wanted = [...new Set(args.members ?? [])];
  const missing = wanted.filter((user) => !current.has(user));
  if (missing.length > 0 && dryRun) await record({ action: 'invite', users: missing });
  // A call of up to 100 at a time, each recorded as it lands, so a resumed ensure knows what it did.
  for (let start = 0; !dryRun && start < missing.length; start += INVITE_CHUNK) {
    const invited = await inviteInChunks(ctx.call, 'conversations.invite', { channel: state.id, users: missing.slice(start, start + INVITE_CHUNK) }, INVITE_CHUNK);
    const result = invited.kind === 'succeeded' || invited.kind === 'permanent' ? (invited.response as { invited?: string[] } | undefined) : undefined;
    if (result?.invited?.length) await record({ action: 'invite', users: result.invited });
    must(invited);
  }
  if (args.remove_other_members) {
    const bot = await botUserId(ctx.call);
    for (const user of [...current].filter((member) => !wanted.includes(member) && member !== bot)) {
      if (!dryRun) must(await ctx.call('conversations.kick', { channel: state.id, user }));
      await record({ action: 'kick', user });
    }
  }
};

const botUserId = async (call: SlackCall): Promise<string> => String(must(await call('auth.test', {})).user_id);
