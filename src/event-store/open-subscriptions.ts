import type { Subscription } from './event-store.port.js';

/**
 * The subscriptions an adapter has open. Each adapter has its own loop (a notifier, a gRPC stream,
 * a wake-up in memory); what stopping and closing mean is the same for all, and lives here.
 */
export class OpenSubscriptions {
  private readonly open = new Set<Subscription>();

  /**
   * A running loop as a Subscription. `requestStop` asks the loop to end (it must then return);
   * stop() waits for the batch in flight. `cleanup` runs once the loop has ended, however it ended.
   */
  start(run: () => Promise<void>, requestStop: () => void, cleanup?: () => Promise<void>): Subscription {
    const done = run().finally(async () => {
      requestStop();
      this.open.delete(subscription);
      await cleanup?.();
    });
    const subscription: Subscription = {
      done,
      async stop() {
        requestStop();
        // The caller learns of a failure through `done`; stopping itself succeeds once nothing runs.
        await done.catch(() => undefined);
      },
    };
    this.open.add(subscription);
    return subscription;
  }

  /** Stops every open subscription, each after its batch in flight. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.open].map((subscription) => subscription.stop()));
  }
}
