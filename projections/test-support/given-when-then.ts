import type { EntityTarget, FindOptionsOrder, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { append, type TestEvent } from './events.js';
import type { ReadModelHarness } from './harness.js';

/**
 * Projection tests as given events, when projected, then read-model rows:
 *
 *   const then = await given(h, team('t1', 'North'), on('staff-s1', left)).whenProjected();
 *   expect(await then.rows(StaffEntity)).toEqual([...]);
 *
 * The events are appended in the order given, one append for each argument: a fixture builder's
 * event, or `on(stream, ...events)`, whose events are appended together as a command's are. Then
 * `whenProjected` waits for the harness's runner to have applied the last of them.
 */

/** One event and the stream it is appended to: the fixture builders (team, staff, cycle) return these. */
export type StreamEvent = [streamId: string, event: TestEvent];

/** Events on one stream, in order, appended together. */
export const on = (streamId: string, ...events: TestEvent[]): StreamEvent[] => events.map((event) => [streamId, event]);

export interface Given {
  /** More events, after those already given. */
  and(...events: Array<StreamEvent | StreamEvent[]>): Given;
  /** Appends the events and waits until the runner has projected them. */
  whenProjected(): Promise<Then>;
}

export interface Then {
  /** The global position of the last event given. */
  position: number;
  /** The rows of a read model's table that match, ordered (by default by the primary key). */
  rows<E extends ObjectLiteral>(entity: EntityTarget<E>, where?: FindOptionsWhere<E>, order?: FindOptionsOrder<E>): Promise<E[]>;
  /** The one row that matches; fails when there is none. */
  row<E extends ObjectLiteral>(entity: EntityTarget<E>, where: FindOptionsWhere<E>): Promise<E>;
}

type Harness = Pick<ReadModelHarness, 'store' | 'runner' | 'dataSource'>;

const isStreamEvent = (x: StreamEvent | StreamEvent[]): x is StreamEvent => typeof x[0] === 'string';

export function given(h: Harness, ...events: Array<StreamEvent | StreamEvent[]>): Given {
  const appends: Array<{ streamId: string; events: TestEvent[] }> = [];
  const scenario: Given = {
    and(...more) {
      for (const item of more) {
        const list = isStreamEvent(item) ? [item] : item;
        if (list.length === 0) continue;
        if (list.some(([streamId]) => streamId !== list[0][0])) throw new Error('events appended together are on one stream');
        appends.push({ streamId: list[0][0], events: list.map(([, event]) => event) });
      }
      return scenario;
    },
    async whenProjected() {
      if (appends.length === 0) throw new Error('given no events');
      let position = 0;
      for (const { streamId, events: batch } of appends) position = await append(h.store, streamId, ...batch);
      await h.runner.waitFor(position);
      return then(h, position);
    },
  };
  return scenario.and(...events);
}

function then(h: Harness, position: number): Then {
  return {
    position,
    rows(entity, where, order) {
      const repository = h.dataSource.getRepository(entity);
      const byKey = Object.fromEntries(repository.metadata.primaryColumns.map((column) => [column.propertyName, 'ASC']));
      return repository.find({ where, order: order ?? (byKey as FindOptionsOrder<never>) });
    },
    row(entity, where) {
      return h.dataSource.getRepository(entity).findOneByOrFail(where);
    },
  };
}
