import { backoffSeconds } from '../../lib/queue/backoff';

describe('backoff schedule', () => {
  const schedule = [5, 30, 120];
  it('follows the schedule with equal jitter between half and all of each step', () => {
    expect([1, 2, 3].map((a) => backoffSeconds(a, schedule, () => 0))).toEqual([3, 15, 60]);
    expect([1, 2, 3].map((a) => backoffSeconds(a, schedule, () => 0.999999))).toEqual([5, 30, 120]);
  });
  it('repeats the last step past the end of the schedule', () => {
    expect(backoffSeconds(9, schedule, () => 1)).toBe(120);
  });
});
