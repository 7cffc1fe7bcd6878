import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: "The audit's event stream recomputed from the event store: its hash chain and the hashes witnessed when each event was appended." })
export class TrailVerification {
  @Field(() => String) streamId: string;
  @Field(() => Int) events: number;
  @Field(() => Boolean) valid: boolean;
  @Field(() => Int, { nullable: true, description: 'Revision of the first event that fails verification, if any.' })
  firstInvalidRevision: number | null;
  @Field(() => Int, { description: 'How many revisions the trail witness vouches for (recorded when they were appended).' })
  witnessedEvents: number;
  @Field(() => String, { nullable: true, description: 'What fails at firstInvalidRevision (missing, out of order, altered); never event content.' })
  problem: string | null;
}
