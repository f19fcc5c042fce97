import { evaluateStage } from './stage-rules.js';

const t = (id: string, status: any, escalatedFromTaskId?: string) => ({ id, status, escalatedFromTaskId });

describe('stage rules', () => {
  it('any: one approval completes it', () => {
    expect(evaluateStage('any', null, [t('a', 'pending'), t('b', 'pending')]).complete).toBe(false);
    expect(evaluateStage('any', null, [t('a', 'approved'), t('b', 'pending')]).complete).toBe(true);
  });

  it('all: every approver', () => {
    expect(evaluateStage('all', null, [t('a', 'approved'), t('b', 'pending')]).complete).toBe(false);
    expect(evaluateStage('all', null, [t('a', 'approved'), t('b', 'approved')])).toEqual({
      approvals: 2,
      required: 2,
      complete: true,
    });
  });

  it('quorum: k of n, capped at n', () => {
    const tasks = [t('a', 'approved'), t('b', 'pending'), t('c', 'approved')];
    expect(evaluateStage('quorum', 2, tasks).complete).toBe(true);
    expect(evaluateStage('quorum', 3, tasks).complete).toBe(false);
    expect(evaluateStage('quorum', 5, [t('a', 'approved')]).complete).toBe(true);
  });

  it('a recalled approval no longer counts; its replacement does', () => {
    expect(
      evaluateStage('all', null, [t('a', 'recalled'), t('a2', 'pending'), t('b', 'approved')]).complete,
    ).toBe(false);
    expect(
      evaluateStage('all', null, [t('a', 'recalled'), t('a2', 'approved'), t('b', 'approved')]).complete,
    ).toBe(true);
  });

  it('an escalation target stands in for the overdue approver', () => {
    const tasks = [t('a', 'pending'), t('b', 'approved'), t('e', 'approved', 'a')];
    expect(evaluateStage('all', null, tasks).complete).toBe(true);
    expect(
      evaluateStage('all', null, [t('a', 'pending'), t('b', 'approved'), t('e', 'pending', 'a')]).complete,
    ).toBe(false);
  });
});
