import { registerEnumType } from '@nestjs/graphql';
import {
  ACTION_SCOPES,
  ACTION_STATUSES,
  ANSWERS,
  AUDIT_STATUSES,
  GRADES,
  GRADE_SOURCES,
  ROLES,
} from '../shared/domain-types.js';

/** GraphQL enums built from the domain's own lists, so the two can never disagree. */
const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const GradeEnum = asEnum(GRADES);
export const AnswerEnum = asEnum(ANSWERS);
export const RoleEnum = asEnum(ROLES);
export const GradeSourceEnum = asEnum(GRADE_SOURCES);
export const AuditStatusEnum = asEnum(AUDIT_STATUSES);
export const ActionScopeEnum = asEnum(ACTION_SCOPES);
export const ActionStatusEnum = asEnum(ACTION_STATUSES);

registerEnumType(GradeEnum, { name: 'Grade' });
registerEnumType(AnswerEnum, { name: 'Answer' });
registerEnumType(RoleEnum, { name: 'Role' });
registerEnumType(GradeSourceEnum, { name: 'GradeSource', description: 'Who gave a grade.' });
registerEnumType(AuditStatusEnum, { name: 'AuditStatus' });
registerEnumType(ActionScopeEnum, { name: 'ActionScope' });
registerEnumType(ActionStatusEnum, { name: 'ActionStatus' });
