import { InvalidArgumentError } from 'commander';
import { WORKSPACE_ID_PATTERN } from '../lib/workspaces/access';

/** --workspace: a Slack team (T…) or Enterprise org (E…) ID. */
export const parseWorkspace = (value: string): string => {
  if (!WORKSPACE_ID_PATTERN.test(value)) throw new InvalidArgumentError('must be a workspace ID such as T0123456789 (T…, or E… for an org)');
  return value;
};

/** A whole number of at least `min`. */
export const parseCount =
  (min: number) =>
  (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < min) throw new InvalidArgumentError(`must be a whole number of at least ${min}`);
    return number;
  };

/** A list given as `U1,U2`, `U1 U2` or by repeating the option. */
export const collectList = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(/[\s,|]+/).filter((part) => part !== '')];

/** A repeatable option. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
