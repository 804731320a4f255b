import type { Clock } from './clock';

/**
 * Hybrid logical clock (Kulkarni et al.): physical milliseconds plus a counter, so that
 * an event is always stamped later than every event its writer had seen, even when the
 * wall clock goes backwards or another machine's clock runs ahead.
 *
 * Stamps are fixed-width strings that sort like the clock: `000001767225600000-0000`.
 * Ties between devices are broken by device id, by whoever compares.
 */
export interface HlcTime {
  ms: number;
  counter: number;
}

const MS_WIDTH = 15;
const COUNTER_WIDTH = 4;
const MAX_COUNTER = 0xffff;
/** Never move the local clock further than this past the wall clock because of a remote stamp. */
export const MAX_FORWARD_DRIFT_MS = 24 * 60 * 60 * 1000;

export function formatHlc(t: HlcTime): string {
  return `${String(t.ms).padStart(MS_WIDTH, '0')}-${t.counter.toString(16).padStart(COUNTER_WIDTH, '0')}`;
}

export function parseHlc(stamp: string): HlcTime {
  const match = /^(\d{1,15})-([0-9a-f]{1,4})$/.exec(stamp);
  if (!match) throw new Error(`"${stamp}" is not a Lore clock stamp.`);
  return { ms: Number(match[1]), counter: parseInt(match[2], 16) };
}

export function isHlc(stamp: unknown): stamp is string {
  return typeof stamp === 'string' && /^\d{15}-[0-9a-f]{4}$/.test(stamp);
}

export class HybridClock {
  private last: HlcTime;

  constructor(private readonly clock: Clock, last?: string) {
    this.last = last ? parseHlc(last) : { ms: 0, counter: 0 };
  }

  /** A stamp for a local event: later than anything issued or received before. */
  tick(): string {
    const wall = this.clock.now();
    // Our own clock ran far ahead once and was set right since: stamp no further than the bound
    // allows, or every later edit would carry that future time (causality is kept by `prev` links).
    if (this.last.ms > wall + MAX_FORWARD_DRIFT_MS) this.last = { ms: wall + MAX_FORWARD_DRIFT_MS, counter: 0 };
    if (wall > this.last.ms) this.last = { ms: wall, counter: 0 };
    else this.bumpCounter();
    return formatHlc(this.last);
  }

  /**
   * Take a stamp seen on a remote event into account. A remote clock far in the future
   * is not followed all the way (the returned flag says it was skewed), so one bad clock
   * cannot drag everyone's stamps into next year; causality is kept by `prev` links anyway.
   */
  receive(stamp: string): { skewed: boolean } {
    const remote = parseHlc(stamp);
    const wall = this.clock.now();
    const skewed = remote.ms > wall + MAX_FORWARD_DRIFT_MS;
    const bounded = skewed ? { ms: wall + MAX_FORWARD_DRIFT_MS, counter: 0 } : remote;
    if (bounded.ms > this.last.ms || (bounded.ms === this.last.ms && bounded.counter > this.last.counter)) {
      this.last = { ...bounded };
    }
    return { skewed };
  }

  current(): string {
    return formatHlc(this.last);
  }

  private bumpCounter(): void {
    if (this.last.counter >= MAX_COUNTER) this.last = { ms: this.last.ms + 1, counter: 0 };
    else this.last = { ms: this.last.ms, counter: this.last.counter + 1 };
  }
}

/**
 * Order two (stamp, device) pairs: the later stamp wins, then the larger device id. The one rule
 * for which concurrent version of a field is shown (fieldResolution.ts); nothing else orders by time.
 */
export function compareStamps(a: { hlc: string; device: string }, b: { hlc: string; device: string }): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  if (a.device !== b.device) return a.device < b.device ? -1 : 1;
  return 0;
}
