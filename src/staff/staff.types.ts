import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ArrayNotEmpty, ArrayUnique, IsEmail, IsIn, IsOptional } from 'class-validator';
import { RoleEnum } from '../graphql/enums.js';
import { IsEntityId, IsText } from '../graphql/validation.js';
import { LocalDateScalar } from '../graphql/scalars.js';
import { ROLES, type Role } from '../shared/domain-types.js';

@ObjectType()
export class Team {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => String) service: string;
}

@ObjectType()
export class Staff {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => String) email: string;
  @Field(() => ID, { nullable: true }) teamId: string | null;
  @Field(() => [RoleEnum]) roles: Role[];
  @Field(() => LocalDateScalar, { nullable: true, description: "PPL-2: the latest day the auditor completed the audit team's training." })
  auditorTrainingCompletedOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'PPL-8: the day they left the authority; null while they work here.' })
  leftOn?: string | null;
}

@InputType()
export class RegisterTeamInput {
  @Field(() => ID) @IsEntityId() id: string;
  @Field(() => String) @IsText() name: string;
  @Field(() => String) @IsText() service: string;
}

@InputType()
export class RegisterStaffInput {
  @Field(() => ID) @IsEntityId() id: string;
  @Field(() => String) @IsText() name: string;
  @Field(() => String) @IsEmail({}, { message: 'email: must be an email address' }) email: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsEntityId() teamId?: string | null;
  @Field(() => [RoleEnum])
  @ArrayNotEmpty({ message: 'roles: at least one role is needed' })
  @ArrayUnique({ message: 'roles: a role is listed twice' })
  @IsIn(ROLES, { each: true, message: 'roles: unknown role' })
  roles: Role[];
}
