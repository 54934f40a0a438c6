import { type Access, canUse } from '../workspaces/access';

/**
 * The workspaces a listing may show: every one for an admin key (undefined), a scoped key's own;
 * narrowed to `requested` when given. A workspace the key may not use gives an empty list: its
 * work is simply absent, as if it did not exist.
 */
export const visibleWorkspaces = (access: Access, requested?: string): readonly string[] | undefined => {
  if (requested !== undefined) return canUse(access, requested) ? [requested] : [];
  return access.kind === 'admin' ? undefined : access.workspaces;
};

/** True when the key may see something of `workspace` (unknown workspaces: admin keys only). */
export const canSee = (access: Access, workspace: string | undefined): boolean =>
  access.kind === 'admin' || (workspace !== undefined && canUse(access, workspace));
