import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { SETTINGS } from '../app.tokens.js';
import type { Settings } from '../config/settings.js';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../event-store/event-store.port.js';
import { verifyTrail, type TrailCheck, type WitnessedHash } from '../event-store/hash-chain.js';
import type { Principal } from '../auth/principal.js';
import { ID_PATTERN } from '../graphql/validation.js';
import { Clock } from '../shared/clock.js';
import { streams } from '../shared/domain-types.js';
import { badInput, notFound } from '../shared/errors.js';
import { signBundle, TRAIL_BUNDLE_FORMAT, type TrailBundle } from './bundle.js';
import { loadTrailSigningKey, type TrailSigningKey } from './signing-key.js';
import { TrailWitness } from './trail-witness.js';

/** How long a verification waits for the witness to reach the stream's last event before going on without it. */
const WITNESS_WAIT_MS = 2_000;

export interface AuditTrail {
  streamId: string;
  events: RecordedEvent[];
  witness: WitnessedHash[];
  check: TrailCheck;
}

/** Verifies an audit's trail from the event store itself (never from a read model) and exports it signed. */
@Injectable()
export class TrailService implements OnModuleInit {
  private readonly log = new Logger('Trail');
  private key: Promise<TrailSigningKey> | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly witness: TrailWitness,
    private readonly clock: Clock,
  ) {}

  /** A configured key that cannot sign stops the start; a generated one is made when first needed. */
  async onModuleInit(): Promise<void> {
    if (this.settings.auditTrailSigningKey) await this.signingKey();
  }

  /** NOT_FOUND only when neither the store nor the witness has ever seen the audit: a stream emptied by hand is invalid, not unknown. */
  async auditTrail(auditId: string): Promise<AuditTrail> {
    if (!ID_PATTERN.test(auditId)) throw badInput('auditId', "must be 1–64 letters, digits, '.', '_' or '-'");
    const streamId = streams.audit(auditId);
    let events = await this.store.readStream(streamId);
    if (events.length > 0 && !(await this.witness.waitFor(events[events.length - 1].position, WITNESS_WAIT_MS))) {
      this.log.warn(`the witness is behind position ${events[events.length - 1].position}; verifying ${streamId} against what it has`);
    }
    const witness = await this.witness.witnessed(streamId);
    if (events.length === 0 && witness.length === 0) throw notFound('audit', auditId);
    // Read again after the witness, so an event appended in between is not mistaken for a removed one.
    if (witness.length > events.length) events = await this.store.readStream(streamId);
    return { streamId, events, witness, check: verifyTrail(events, witness) };
  }

  /** The signing key, loaded (or, outside production with none configured, generated) on first use. */
  signingKey(): Promise<TrailSigningKey> {
    this.key ??= loadTrailSigningKey(this.settings.auditTrailSigningKey, this.settings.dataDir).then(
      (key) => {
        this.log.log(`audit trail bundles are signed with key ${key.kid} (${key.origin})`);
        return key;
      },
      (error: unknown) => {
        this.key = null;
        throw error;
      },
    );
    return this.key;
  }

  async exportBundle(auditId: string, exporter: Principal): Promise<TrailBundle> {
    const trail = await this.auditTrail(auditId);
    const key = await this.signingKey();
    return signBundle(
      {
        format: TRAIL_BUNDLE_FORMAT,
        header: {
          alg: 'EdDSA',
          crv: 'Ed25519',
          kid: key.kid,
          publicKey: key.jwk,
          canonicalization: 'RFC 8785',
          signs: 'the bundle without its signature member',
        },
        auditId,
        streamId: trail.streamId,
        exportedAt: this.clock.now().toISOString(),
        exportedBy: { staffId: exporter.staffId, roles: [...exporter.roles] },
        verification: { streamId: trail.streamId, ...trail.check },
        witness: trail.witness,
        events: trail.events.map(({ id, streamId, revision, position, type, data, metadata, prevHash, hash }) => ({
          id,
          streamId,
          revision,
          position,
          type,
          data,
          metadata,
          prevHash,
          hash,
        })),
      },
      (bytes) => key.sign(bytes),
    );
  }
}
