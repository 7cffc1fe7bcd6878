import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { AnswerEnum } from '../graphql/enums.js';
import type { Answer } from '../shared/domain-types.js';

@ObjectType()
export class TemplateQuestion {
  @Field(() => String) key: string;
  @Field(() => String) text: string;
  @Field(() => [AnswerEnum], { description: 'Answers this question takes; empty for free text.' }) answers: Answer[];
}

@ObjectType()
export class GradeDescriptor {
  @Field(() => String) grade: string;
  @Field(() => [String]) points: string[];
}

@ObjectType()
export class TemplateSection {
  @Field(() => String) key: string;
  @Field(() => String) title: string;
  @Field(() => Boolean) graded: boolean;
  @Field(() => [TemplateQuestion]) questions: TemplateQuestion[];
  @Field(() => String, { nullable: true }) guidance?: string | null;
  @Field(() => [GradeDescriptor], { description: 'What each grade means for this section.' }) descriptors: GradeDescriptor[];
}

@ObjectType()
export class Template {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => String) name: string;
  @Field(() => String) kind: string;
  @Field(() => [TemplateSection]) sections: TemplateSection[];
  @Field(() => [GradeDescriptor], { description: 'The grading criteria for the audit as a whole.' }) gradeDescriptors: GradeDescriptor[];
  @Field(() => [String], { description: 'How to approach the audit, in the template’s words (AUD-3); empty when it gives none.' }) guidance: string[];
  @Field(() => Boolean, { description: 'AUD-1: the date of the collaborative discussion with the practitioner is recorded before submission.' })
  collaborativeDiscussionRequired: boolean;
  @Field(() => Boolean, { description: 'AUD-8: a graded section may be marked not applicable, with a reason.' }) sectionsMayBeNotApplicable: boolean;
  @Field(() => Int, {
    nullable: true,
    description: "AUD-10: the share, in percent, of the month's audits moderated (a sample the audit team draws); null when every audit is moderated.",
  })
  moderationSamplePercent: number | null;
}
