import { ProgressReport } from './progress-report.entity.js';
import { ReportRequest } from './report-request.entity.js';
import { WorkingGroupMember } from './working-group-member.entity.js';
import { WorkingGroup } from './working-group.entity.js';

/** The working-groups module's entities (globs do not load under ESM tests): add new ones here. */
export const workingGroupEntities = [WorkingGroup, WorkingGroupMember, ProgressReport, ReportRequest];
