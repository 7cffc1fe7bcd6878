/**
 * The service clock. With APP_CLOCK (tests, demos) it starts at that instant and runs on in real time,
 * so deadlines and "not in the past" checks behave as on that day.
 */
export class Clock {
  private readonly offsetMs: number;

  constructor(start: Date | null = null) {
    this.offsetMs = start ? start.getTime() - Date.now() : 0;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}
