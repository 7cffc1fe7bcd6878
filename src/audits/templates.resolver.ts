import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { Authenticated } from '../auth/decorators.js';
import { GRADES } from '../shared/domain-types.js';
import { TEMPLATES, findTemplate, type AuditTemplate } from './templates/index.js';
import { Template } from './template.types.js';

/** Templates are data shipped with the service: every published version, so old audits can show theirs. */
@Resolver(() => Template)
export class TemplatesResolver {
  @Authenticated()
  @Query(() => [Template])
  templates(): Template[] {
    return TEMPLATES.map(toGraphQL);
  }

  @Authenticated()
  @Query(() => Template, { nullable: true, description: 'One template; its latest version when none is given.' })
  template(@Args('id', { type: () => ID }) id: string, @Args('version', { type: () => Int, nullable: true }) version?: number): Template | null {
    const template = findTemplate(id, version ?? undefined);
    return template ? toGraphQL(template) : null;
  }
}

function toGraphQL(template: AuditTemplate): Template {
  return {
    id: template.id,
    version: template.version,
    name: template.name,
    kind: template.kind,
    guidance: [...(template.guidance ?? [])],
    collaborativeDiscussionRequired: template.collaborativeDiscussion === 'REQUIRED',
    sectionsMayBeNotApplicable: template.sectionsMayBeNotApplicable === true,
    moderationSamplePercent: template.moderationSamplePercent ?? null,
    gradeDescriptors: GRADES.map((grade) => ({ grade, points: [template.gradeDescriptors[grade]] })),
    sections: template.sections.map((section) => ({
      key: section.key,
      title: section.title,
      graded: section.graded,
      guidance: section.guidance ?? null,
      questions: section.questions.map((q) => ({ key: q.key, text: q.text, answers: [...q.answers] })),
      descriptors: GRADES.filter((g) => section.descriptors?.[g]).map((grade) => ({ grade, points: [...section.descriptors![grade]!] })),
    })),
  };
}
