import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import { emptyWorkflow, moveStage, newApprover, newStage, toForm, toRequest } from './workflow-form';

const U = '11111111-1111-4111-8111-111111111111';
const UNIT = '22222222-2222-4222-8222-222222222222';

describe('the workflow template form', () => {
  it('sends a two-stage template with an amount threshold, k of n, SLA and escalation', () => {
    const f = emptyWorkflow();
    Object.assign(f, { name: 'Purchases', documentType: 'purchase', conditionKind: '>', amount: '5000' });
    f.stages = [
      { ...newStage(), name: 'Head', slaHours: '24', escalateToUserId: U },
      {
        ...newStage(),
        name: 'Finance',
        mode: 'quorum',
        quorum: '2',
        approvers: [
          { ...newApprover(), kind: 'user', userId: U },
          { ...newApprover(), kind: 'post', orgUnitId: UNIT, post: 'deputy' },
        ],
      },
    ];
    const { body, problems } = toRequest(f);
    expect(problems).toEqual([]);
    expect(body).toEqual({
      name: 'Purchases',
      documentType: 'purchase',
      condition: { field: 'amount', op: '>', value: 5000 },
      active: true,
      stages: [
        {
          name: 'Head',
          mode: 'any',
          approvers: [{ relative: 'submitter_unit_head' }],
          slaHours: 24,
          escalateToUserId: U,
        },
        {
          name: 'Finance',
          mode: 'quorum',
          quorum: 2,
          approvers: [{ userId: U }, { orgUnitId: UNIT, post: 'deputy' }],
        },
      ],
    });
  });

  it('sends and reads back the Khmer names of the template and its stages (blank: left out)', () => {
    const f = emptyWorkflow();
    Object.assign(f, { name: 'Letter', nameKm: ' លិខិត ', documentType: 'letter' });
    f.stages = [
      { ...newStage(), name: 'Head of office', nameKm: 'ប្រធានការិយាល័យ' },
      { ...newStage(), name: 'Director', nameKm: '  ' },
    ];
    const { body } = toRequest(f);
    expect(body?.nameKm).toBe('លិខិត');
    expect(body?.stages.map((s) => [s.name, s.nameKm])).toEqual([
      ['Head of office', 'ប្រធានការិយាល័យ'],
      ['Director', undefined],
    ]);
    const saved = {
      ...body!,
      id: U,
      nameKm: 'លិខិត',
      documentTypeNameKm: null,
      documentTypeNameEn: null,
      condition: null,
      version: 1,
      active: true,
      createdAt: '2026-01-01T00:00:00.000Z',
    } as Schemas['WorkflowDto'];
    const back = toForm(saved);
    expect(back.nameKm).toBe('លិខិត');
    expect(back.stages.map((s) => s.nameKm)).toEqual(['ប្រធានការិយាល័យ', '']);
  });

  it('refuses k larger than the approvers, unchosen approvers, no threshold and bad JSON, naming where', () => {
    const f = emptyWorkflow();
    f.conditionKind = '>=';
    f.stages = [
      { ...newStage(), mode: 'quorum', quorum: '3' },
      {
        ...newStage(),
        approvers: [
          { ...newApprover(), kind: 'user' },
          { ...newApprover(), kind: 'post' },
        ],
      },
      { ...newStage(), approvers: [], slaHours: '-1' },
    ];
    expect(toRequest(f)).toEqual({
      problems: [
        { key: 'amount' },
        { key: 'quorumTooLarge', stage: 0 },
        { key: 'approverUser', stage: 1, approver: 0 },
        { key: 'approverUnit', stage: 1, approver: 1 },
        { key: 'noApprovers', stage: 2 },
        { key: 'sla', stage: 2 },
      ],
    });
    expect(toRequest({ ...emptyWorkflow(), conditionKind: 'custom', conditionJson: '[1]' }).problems).toEqual(
      [{ key: 'conditionJson' }],
    );
  });

  it('reads a saved template back into the same form (an edit saves it as the next version)', () => {
    const saved = {
      id: U,
      name: 'Budget plan above 10,000',
      documentType: 'budget_plan',
      condition: { field: 'amount', op: '>', value: 10000 },
      version: 3,
      active: true,
      createdAt: '2026-12-01T00:00:00.000Z',
      stages: [
        {
          name: 'Director',
          mode: 'quorum',
          quorum: 1,
          slaHours: 48,
          escalateToUserId: U,
          approvers: [
            { relative: 'submitter_parent_unit_head' },
            { orgUnitId: UNIT, post: 'head' },
            { userId: U },
          ],
        },
      ],
    } as unknown as Schemas['WorkflowDto'];
    const form = toForm(saved);
    expect(form).toMatchObject({ conditionKind: '>', amount: '10000', active: true });
    expect(toRequest(form).body).toEqual({
      name: saved.name,
      documentType: 'budget_plan',
      condition: { field: 'amount', op: '>', value: 10000 },
      active: true,
      stages: [
        {
          name: 'Director',
          mode: 'quorum',
          quorum: 1,
          slaHours: 48,
          escalateToUserId: U,
          approvers: [
            { relative: 'submitter_parent_unit_head' },
            { orgUnitId: UNIT, post: 'head' },
            { userId: U },
          ],
        },
      ],
    });
    const custom = toForm({
      ...saved,
      condition: { or: [{ field: 'urgent', op: '=', value: true }] },
    } as never);
    expect(custom.conditionKind).toBe('custom');
    expect(JSON.parse(custom.conditionJson)).toEqual({ or: [{ field: 'urgent', op: '=', value: true }] });
  });

  it("sends the document type's names when given, and reads them back", () => {
    const f = emptyWorkflow();
    Object.assign(f, {
      name: 'Travel',
      documentType: 'travel_request',
      typeNameKm: ' សំណើបេសកកម្ម ',
      typeNameEn: '',
    });
    f.stages = [{ ...newStage(), name: 'ប្រធាន' }];
    const { body } = toRequest(f);
    expect(body).toMatchObject({ documentType: 'travel_request', documentTypeNameKm: 'សំណើបេសកកម្ម' });
    expect(body).not.toHaveProperty('documentTypeNameEn');
    const back = toForm({
      ...body!,
      id: U,
      version: 1,
      active: true,
      createdAt: '',
      condition: null,
      documentTypeNameKm: 'សំណើបេសកកម្ម',
      documentTypeNameEn: 'Travel request',
    } as Schemas['WorkflowDto']);
    expect([back.typeNameKm, back.typeNameEn]).toEqual(['សំណើបេសកកម្ម', 'Travel request']);
  });

  it('moves a stage one place up or down, and leaves the ends alone', () => {
    const [a, b, c] = ['A', 'B', 'C'].map((name) => ({ ...newStage(), name }));
    const names = (xs: { name: string }[]) => xs.map((x) => x.name).join('');
    expect(names(moveStage([a!, b!, c!], 2, -1))).toBe('ACB');
    expect(names(moveStage([a!, b!, c!], 0, 1))).toBe('BAC');
    expect(names(moveStage([a!, b!, c!], 0, -1))).toBe('ABC');
    expect(names(moveStage([a!, b!, c!], 2, 1))).toBe('ABC');
  });
});
