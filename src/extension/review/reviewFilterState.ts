import * as vscode from 'vscode';
import type { ReviewFilter, StatusFilter } from '../../core/review/reviewFilter';
import { setContext } from '../common/commands';

const STATE_KEY = 'lore.reviewNotes.filter';

interface SavedFilter {
  status: StatusFilter;
  mine: boolean;
}

/**
 * The Review Notes view's filter (all/open/resolved, and mine only), kept per workspace and
 * mirrored in context keys so the view's title menu shows the right choices.
 */
export class ReviewFilterState implements vscode.Disposable {
  private value: SavedFilter;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly memento: vscode.Memento) {
    const saved = memento.get<Partial<SavedFilter>>(STATE_KEY) ?? {};
    this.value = {
      status: saved.status === 'open' || saved.status === 'resolved' ? saved.status : 'all',
      mine: saved.mine === true,
    };
    void this.publish(); // context keys for menus: nothing to wait for in a constructor
  }

  get status(): StatusFilter {
    return this.value.status;
  }

  get mine(): boolean {
    return this.value.mine;
  }

  /** The filter for `filterThreads`, given who "me" is. */
  toFilter(me: string): ReviewFilter {
    return { status: this.value.status, ...(this.value.mine ? { author: me } : {}) };
  }

  async set(change: Partial<SavedFilter>): Promise<void> {
    this.value = { ...this.value, ...change };
    await this.memento.update(STATE_KEY, this.value);
    await this.publish();
    this.emitter.fire();
  }

  private async publish(): Promise<void> {
    await setContext('lore:reviewStatusFilter', this.value.status);
    await setContext('lore:reviewMineFilter', this.value.mine);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
