import * as assert from 'node:assert/strict';
import { Debouncer, type Timers } from '../../src/core/debouncer';

/** Timers that fire only when the test says time has passed. */
class ManualTimers implements Timers {
  private now = 0;
  private next = 1;
  private readonly waiting = new Map<number, { at: number; run: () => void }>();
  set(run: () => void, ms: number): unknown {
    const id = this.next++;
    this.waiting.set(id, { at: this.now + ms, run });
    return id;
  }
  clear(handle: unknown): void {
    this.waiting.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.waiting].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at > this.now) continue;
      this.waiting.delete(id);
      timer.run();
    }
  }
}

describe('Debouncer', () => {
  let timers: ManualTimers;
  let runs: number;
  let debouncer: Debouncer;
  beforeEach(() => {
    timers = new ManualTimers();
    runs = 0;
    debouncer = new Debouncer(100, () => runs++, timers);
  });

  it('runs once after a burst of calls, when the calls stop for the delay', () => {
    for (let i = 0; i < 5; i++) {
      debouncer.schedule();
      timers.advance(60);
    }
    assert.equal(runs, 0, 'each call pushed the run back');
    timers.advance(40);
    assert.equal(runs, 1);
    timers.advance(1000);
    assert.equal(runs, 1, 'one run per burst');
  });

  it('uses the last call\'s own delay', () => {
    debouncer.schedule();
    debouncer.schedule(10);
    timers.advance(10);
    assert.equal(runs, 1);
  });

  it('says whether a run is waiting, and cancel drops it', () => {
    debouncer.schedule();
    assert.equal(debouncer.pending, true);
    debouncer.cancel();
    assert.equal(debouncer.pending, false);
    timers.advance(1000);
    assert.equal(runs, 0);
  });

  it('never runs after it is disposed, even when scheduled again', () => {
    debouncer.schedule();
    debouncer.dispose();
    debouncer.schedule();
    timers.advance(1000);
    assert.equal(runs, 0);
  });
});
