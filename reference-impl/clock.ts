// The reference's notion of now. Domain code asks this, never Date: scenarios move time with
// TargetControl.setClock, and tests pin it.

export type Clock = () => Date;

/**
 * A clock that follows `base` until set, then runs from the time it was set to at base's pace
 * (a fixed base stays fixed at the set time).
 */
export class MutableClock {
  private offsetMs = 0;

  constructor(private readonly base: Clock) {}

  now(): Date {
    return new Date(this.base().getTime() + this.offsetMs);
  }

  set(to: Date): void {
    if (Number.isNaN(to.getTime())) throw new RangeError('setClock: not a valid date');
    this.offsetMs = to.getTime() - this.base().getTime();
  }

  /** A plain function view, for code that takes a Clock. */
  get fn(): Clock {
    return () => this.now();
  }
}

/** The host's clock: the default base when the caller gives none. */
export const systemClock: Clock = () => new Date();
