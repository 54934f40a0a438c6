/** In-memory workspace for the Slack emulator: users, conversations, messages and Slack Connect invites. */
export interface EmulatedUser {
  id: string;
  name: string;
  deleted: boolean;
}

export interface EmulatedConversation {
  id: string;
  name: string;
  kind: 'channel' | 'im' | 'mpim';
  isPrivate: boolean;
  isArchived: boolean;
  isGeneral: boolean;
  created: number;
  creator: string;
  members: string[];
  /** The other user of an im. */
  user?: string;
  topic: string;
  purpose: string;
  /** An im or mpim the bot has open (close closes it). */
  isOpen: boolean;
  /** The bot's read cursor (conversations.mark). */
  lastRead: string;
  /** Oldest first; replies carry the `thread_ts` of their parent. */
  messages: EmulatedMessage[];
  /** Teams the channel is shared with (Slack Connect). */
  sharedWith: string[];
  canvasId?: string;
}

export interface EmulatedMessage {
  ts: string;
  user: string;
  text: string;
  thread_ts?: string;
  subtype?: string;
}

/** A Slack Connect invite: one this workspace sent, or one another organisation sent it. */
export interface SharedInvite {
  id: string;
  direction: 'incoming' | 'outgoing';
  status: 'pending' | 'approved' | 'accepted' | 'declined';
  channelId: string;
  channelName: string;
  /** The other team. */
  teamId: string;
  email?: string;
  userId?: string;
  created: number;
}

/** A member's request to invite someone from outside (conversations.requestSharedInvite.*). */
export interface InviteRequest {
  id: string;
  status: 'pending' | 'approved' | 'denied' | 'expired';
  channelId?: string;
  requester: string;
  email: string;
  created: number;
}

export interface WorkspaceSeed {
  teamId: string;
  /** Shown by auth.test and oauth.v2.access. */
  teamName?: string;
  botUserId: string;
  extraUsers: number;
  extraChannels: number;
}

export const DEFAULT_SEED: WorkspaceSeed = {
  teamId: 'T0LOCAL001',
  botUserId: 'U0BOT00001',
  extraUsers: 250,
  extraChannels: 150,
};

/** Users named in Slack's own examples for conversations.open. */
export const EXAMPLE_USER_IDS = ['W1234567890', 'U2345678901', 'U3456789012'];
export const GENERAL_CHANNEL_ID = 'C01GENERAL';
export const RANDOM_CHANNEL_ID = 'C02RANDOM0';
export const PRIVATE_CHANNEL_ID = 'C03PRIVATE';
export const ARCHIVED_CHANNEL_ID = 'C04ARCHIVE';
export const OUTSIDE_CHANNEL_ID = 'C05OUTSIDE';
/** Another organisation, for the Slack Connect methods. */
export const EXTERNAL_TEAM_ID = 'T0EXTERNAL1';
/** A channel shared with the external team. */
export const SHARED_CHANNEL_ID = 'C06SHARED0';
/** An invite from the external team, waiting to be accepted here. */
export const INCOMING_INVITE_ID = 'I0INCOMING1';
/** An invite this workspace sent, waiting for an admin's approval. */
export const OUTGOING_INVITE_ID = 'I0OUTGOING1';
/** Members' pending requests to invite someone from outside. */
export const INVITE_REQUEST_IDS = ['I0REQUEST01', 'I0REQUEST02'] as const;
/** The #general message that starts a thread, and how many replies it has. */
export const THREAD_TS = `${1_700_000_000 + 10}.000100`;
export const THREAD_REPLIES = 30;
export const GENERAL_MESSAGES = 120;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const EPOCH = 1_700_000_000;

export class WorkspaceState {
  readonly teamId: string;
  readonly teamName: string;
  readonly botUserId: string;
  readonly users = new Map<string, EmulatedUser>();
  readonly conversations = new Map<string, EmulatedConversation>();
  readonly invites = new Map<string, SharedInvite>();
  readonly inviteRequests = new Map<string, InviteRequest>();
  readonly externalTeam = { id: EXTERNAL_TEAM_ID, name: 'Partner Co' };
  private counter = 0;
  private tsCounter = 0;

  constructor(seed: WorkspaceSeed = DEFAULT_SEED) {
    this.teamId = seed.teamId;
    this.teamName = seed.teamName ?? 'Local Emulator';
    this.botUserId = seed.botUserId;
    this.addUser(seed.botUserId, 'queue-bot');
    for (const [i, id] of EXAMPLE_USER_IDS.entries()) this.addUser(id, ['alice', 'bob', 'carol'][i]);
    for (let i = 1; i <= seed.extraUsers; i += 1) this.addUser(`U9${pad(i, 9)}`, `user-${pad(i, 3)}`);
    this.addUser('U0DELETED1', 'gone-user', true);

    const everyone = [...this.users.values()].filter((u) => !u.deleted).map((u) => u.id);
    this.addChannel({ id: GENERAL_CHANNEL_ID, name: 'general', isGeneral: true, members: everyone });
    this.addChannel({ id: RANDOM_CHANNEL_ID, name: 'random', members: everyone.slice(0, 40) });
    this.addChannel({ id: PRIVATE_CHANNEL_ID, name: 'leadership', isPrivate: true, members: [this.botUserId, ...EXAMPLE_USER_IDS] });
    this.addChannel({ id: ARCHIVED_CHANNEL_ID, name: 'old-launch', isArchived: true, members: [this.botUserId] });
    this.addChannel({ id: OUTSIDE_CHANNEL_ID, name: 'no-bot-here', members: EXAMPLE_USER_IDS.slice(0, 2) });
    for (let i = 1; i <= seed.extraChannels; i += 1) {
      this.addChannel({ id: `C8${pad(i, 8)}`, name: `project-${pad(i, 3)}`, members: [this.botUserId, ...everyone.slice(i % 50, (i % 50) + 5)] });
    }
    this.addChannel({ id: SHARED_CHANNEL_ID, name: 'partner-shared', members: [this.botUserId, ...EXAMPLE_USER_IDS], sharedWith: [EXTERNAL_TEAM_ID] });
    this.seedMessages();
    this.invites.set(INCOMING_INVITE_ID, { id: INCOMING_INVITE_ID, direction: 'incoming', status: 'pending', channelId: 'C0EXTCHAN01', channelName: 'partner-launch', teamId: EXTERNAL_TEAM_ID, created: EPOCH });
    this.invites.set(OUTGOING_INVITE_ID, { id: OUTGOING_INVITE_ID, direction: 'outgoing', status: 'pending', channelId: SHARED_CHANNEL_ID, channelName: 'partner-shared', teamId: EXTERNAL_TEAM_ID, email: 'pat@partner.example', created: EPOCH });
    INVITE_REQUEST_IDS.forEach((id, i) => {
      this.inviteRequests.set(id, { id, status: 'pending', channelId: SHARED_CHANNEL_ID, requester: EXAMPLE_USER_IDS[1], email: `guest-${i + 1}@partner.example`, created: EPOCH + i });
    });
  }

  /** #general gets a history long enough to page through, with one thread of replies. */
  private seedMessages() {
    const general = this.conversations.get(GENERAL_CHANNEL_ID);
    if (!general) return;
    const people = EXAMPLE_USER_IDS;
    for (let i = 0; i < GENERAL_MESSAGES; i += 1) {
      const ts = `${EPOCH + i}.000100`;
      general.messages.push({ ts, user: people[i % people.length], text: `Message ${i + 1} in #general` });
      if (ts === THREAD_TS) {
        for (let r = 1; r <= THREAD_REPLIES; r += 1) {
          general.messages.push({ ts: `${EPOCH + i}.${pad(100 + r, 6)}`, user: people[r % people.length], text: `Reply ${r}`, thread_ts: ts });
        }
      }
    }
  }

  /** A message timestamp after every other one in the workspace, as Slack's are. */
  nextTs(): string {
    this.tsCounter += 1;
    return `${Math.max(Math.floor(Date.now() / 1000), EPOCH + 1_000)}.${pad(this.tsCounter % 1_000_000, 6)}`;
  }

  /** A system message such as "set the channel topic", as Slack posts for every such write. */
  post(conversation: EmulatedConversation, subtype: string, text: string, user = this.botUserId): void {
    conversation.messages.push({ ts: this.nextTs(), user, text, subtype });
  }

  nextInviteId(): string {
    this.counter += 1;
    return `I7${pad(this.counter, 9)}`;
  }

  private addUser(id: string, name: string, deleted = false) {
    this.users.set(id, { id, name, deleted });
  }

  private addChannel(input: Partial<EmulatedConversation> & { id: string; name: string; members: string[] }): EmulatedConversation {
    const conversation: EmulatedConversation = {
      kind: 'channel',
      isPrivate: false,
      isArchived: false,
      isGeneral: false,
      created: EPOCH + this.conversations.size,
      creator: this.botUserId,
      topic: '',
      purpose: '',
      isOpen: true,
      lastRead: '0000000000.000000',
      messages: [],
      sharedWith: [],
      ...input,
      members: [...new Set(input.members)],
    };
    this.conversations.set(input.id, conversation);
    return conversation;
  }

  nextId(prefix: 'C' | 'D' | 'G'): string {
    this.counter += 1;
    return `${prefix}7${pad(this.counter, 9)}`;
  }

  findByName(name: string): EmulatedConversation | undefined {
    return [...this.conversations.values()].find((c) => c.kind === 'channel' && c.name === name);
  }

  createChannel(name: string, isPrivate: boolean): EmulatedConversation {
    const id = this.nextId('C');
    return this.addChannel({ id, name, isPrivate, members: [this.botUserId], created: Math.floor(Date.now() / 1000) });
  }

  /** The im or mpim between the bot and exactly these users, if one exists. */
  findDirect(userIds: string[]): EmulatedConversation | undefined {
    const wanted = [...new Set([this.botUserId, ...userIds])].sort().join(',');
    return [...this.conversations.values()].find((c) => c.kind !== 'channel' && [...c.members].sort().join(',') === wanted);
  }

  openDirect(userIds: string[]): EmulatedConversation {
    const others = [...new Set(userIds)].filter((id) => id !== this.botUserId);
    const isIm = others.length === 1;
    const id = this.nextId(isIm ? 'D' : 'G');
    const names = [this.botUserId, ...others].map((u) => this.users.get(u)?.name ?? u);
    const conversation: EmulatedConversation = {
      id,
      name: isIm ? id : `mpdm-${names.join('--')}-1`,
      kind: isIm ? 'im' : 'mpim',
      isPrivate: true,
      isArchived: false,
      isGeneral: false,
      created: Math.floor(Date.now() / 1000),
      creator: this.botUserId,
      members: [this.botUserId, ...others],
      ...(isIm && { user: others[0] }),
      topic: '',
      purpose: '',
      isOpen: true,
      lastRead: '0000000000.000000',
      messages: [],
      sharedWith: [],
    };
    this.conversations.set(id, conversation);
    return conversation;
  }

  /** Whether the bot can see a conversation: public channels always, others only as a member. */
  visible(conversation: EmulatedConversation): boolean {
    return (conversation.kind === 'channel' && !conversation.isPrivate) || conversation.members.includes(this.botUserId);
  }
}
