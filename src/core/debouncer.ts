/** Timers behind an interface, so tests run a debouncer without waiting. */
export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const systemTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Runs `work` once after calls stop arriving for `delayMs` (the last call's delay wins, so a
 * caller may ask for a shorter or longer pause per call). Views use it to redraw once per burst
 * of changes (keystrokes, a sync applying many events) rather than once per change.
 */
export class Debouncer {
  private handle: unknown;
  private scheduled = false;
  private disposed = false;

  constructor(private readonly delayMs: number, private readonly work: () => void, private readonly timers: Timers = systemTimers) {}

  /** Runs the work after a pause of `delayMs` (or this call's own delay) with no further call. */
  schedule(delayMs = this.delayMs): void {
    if (this.disposed) return;
    this.cancel();
    this.scheduled = true;
    this.handle = this.timers.set(() => {
      this.scheduled = false;
      this.handle = undefined;
      this.work();
    }, delayMs);
  }

  /** Whether a run is waiting. */
  get pending(): boolean {
    return this.scheduled;
  }

  /** Drops a waiting run. */
  cancel(): void {
    if (!this.scheduled) return;
    this.timers.clear(this.handle);
    this.scheduled = false;
    this.handle = undefined;
  }

  /** Drops a waiting run; later calls to schedule do nothing. */
  dispose(): void {
    this.cancel();
    this.disposed = true;
  }
}
