/** A stream's last stored event as this process last saw it. */
export interface KnownHead {
  /** Last revision, -1 for a stream with no events. */
  revision: number;
  hash: string;
  position: number;
}

const DEFAULT_MAX_STREAMS = 10_000;

/**
 * The heads of streams this process read in full or appended to, so an append need not read the
 * head again first. Only ever a hint: the append transaction checks the head it was hashed on is
 * still the stream's head (events_append_group), and another process's appends only make a head
 * here stale, never wrong in another way (revisions only grow). A stale head costs one re-read.
 *
 * `pending` holds the head an append queued in this process will leave once it commits, so the next
 * 'any' append to the stream can be hashed on it and written in the same group.
 */
export class StreamHeads {
  private readonly committed = new Map<string, KnownHead>();
  private readonly pending = new Map<string, { head: KnownHead; ticket: object }>();

  constructor(private readonly maxStreams = DEFAULT_MAX_STREAMS) {}

  /** The head as last committed, if known. */
  get(streamId: string): KnownHead | undefined {
    return this.committed.get(streamId);
  }

  /** The head an append still queued here will leave, if any. */
  pendingHead(streamId: string): KnownHead | undefined {
    return this.pending.get(streamId)?.head;
  }

  /** A head read or committed; an older one than what is known is ignored. */
  set(streamId: string, head: KnownHead): void {
    const known = this.committed.get(streamId);
    if (known && known.revision > head.revision) return;
    this.committed.delete(streamId);
    // Oldest first out: a Map keeps insertion order, and each set moves the stream to the end.
    if (this.committed.size >= this.maxStreams) this.committed.delete(this.committed.keys().next().value!);
    this.committed.set(streamId, head);
  }

  forget(streamId: string): void {
    this.committed.delete(streamId);
  }

  /** Marks the head a queued append will leave; returns the ticket to settle it with. */
  queue(streamId: string, head: KnownHead): object {
    const ticket = {};
    this.pending.set(streamId, { head, ticket });
    return ticket;
  }

  /** The queued append has been answered; later ones to the stream keep their mark. */
  settle(streamId: string, ticket: object): void {
    if (this.pending.get(streamId)?.ticket === ticket) this.pending.delete(streamId);
  }
}
