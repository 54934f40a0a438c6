import type { Caller } from '../http/types';
import type { Access } from '../workspaces/access';

/** The caller's access on an authenticated route (the auth middleware has set it, or answered 401). */
export const accessOf = (caller: Caller | undefined): Access => {
  if (!caller) throw new Error('an authenticated route ran without a caller');
  return caller.access;
};
