import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface NotificationHealth {
  queued: number;
  /** Messages every try failed for: the audit team resends them (resendNotification). */
  failed: number;
  /** People who could not be told (no email, left): the audit team was told instead. */
  undeliverable: number;
}

/** The outbox's part of GET /health; null when the database cannot say (health reports that on its own). */
@Injectable()
export class NotificationHealthCheck {
  constructor(private readonly dataSource: DataSource) {}

  async counts(): Promise<NotificationHealth | null> {
    try {
      const rows: { state: string; n: string }[] = await this.dataSource.query(
        `SELECT state, count(*) AS n FROM notification_outbox WHERE state IN ('QUEUED', 'FAILED', 'UNDELIVERABLE') GROUP BY state`,
      );
      const n = (state: string) => Number(rows.find((row) => row.state === state)?.n ?? 0);
      return { queued: n('QUEUED'), failed: n('FAILED'), undeliverable: n('UNDELIVERABLE') };
    } catch {
      return null;
    }
  }
}
