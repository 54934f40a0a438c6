/** In-memory workspace for the Slack emulator: users, conversations and memberships. */
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
}

export interface WorkspaceSeed {
  teamId: string;
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

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const EPOCH = 1_700_000_000;

export class WorkspaceState {
  readonly teamId: string;
  readonly botUserId: string;
  readonly users = new Map<string, EmulatedUser>();
  readonly conversations = new Map<string, EmulatedConversation>();
  private counter = 0;

  constructor(seed: WorkspaceSeed = DEFAULT_SEED) {
    this.teamId = seed.teamId;
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
    };
    this.conversations.set(id, conversation);
    return conversation;
  }

  /** Whether the bot can see a conversation: public channels always, others only as a member. */
  visible(conversation: EmulatedConversation): boolean {
    return (conversation.kind === 'channel' && !conversation.isPrivate) || conversation.members.includes(this.botUserId);
  }
}
