import { LoreError } from '../errors';
import type { Visibility } from '../model';
import type { LearningPath } from './pathModel';

/** What changing a path's visibility does, decided before anything is written. */
export interface PathVisibilityPlan {
  visibility: Visibility;
  /** Private → team: only its current state is published (the store's `share: true`); the author confirms first. */
  share: boolean;
  /** The question asked before sharing (modal), or undefined when nothing needs confirming. */
  confirm?: { message: string; detail: string; button: string };
  /** What the author is told once it is done. */
  done: string;
}

/**
 * Private → team or team → private, with the refusals that say why: a path is already what was
 * asked, or sharing it would show teammates the titles of private articles its steps point to
 * (they could not open them either). `articleVisibility` answers for the articles on this
 * machine (undefined: not here, so nothing of it is known or shown beyond what the step holds).
 */
export function planPathVisibility(
  path: Pick<LearningPath, 'title' | 'visibility' | 'steps'>,
  to: Visibility,
  articleVisibility: (articleId: string) => Visibility | undefined,
): PathVisibilityPlan {
  if (path.visibility === to) {
    throw new LoreError(to === 'private' ? `"${path.title}" is already private: only you see it.` : `"${path.title}" is already shared with your team.`);
  }
  if (to === 'private') {
    return {
      visibility: 'private', share: false,
      done: `"${path.title}" is now private. Teammates' Lore removes it from their view at their next sync, but copies they already received (exports, backups, their team folder's history) cannot be recalled.`,
    };
  }
  const privateSteps = path.steps
    .map((step, index) => ({ step, number: index + 1 }))
    .filter(({ step }) => step.kind === 'article' && articleVisibility(step.articleId) === 'private');
  if (privateSteps.length) {
    const named = privateSteps.slice(0, 3).map(({ step, number }) => `step ${number} ("${step.kind === 'article' ? step.articleTitle : ''}")`).join(', ');
    throw new LoreError(
      `"${path.title}" stays private: ${named}${privateSteps.length > 3 ? ` and ${privateSteps.length - 3} more` : ''} ${privateSteps.length === 1 ? 'is a private article' : 'are private articles'}, which teammates could not open, and sharing the path would show them ${privateSteps.length === 1 ? 'its title' : 'their titles'}.`,
      'Share those articles first, or delete those steps, then share the path.',
    );
  }
  return {
    visibility: 'team', share: true,
    confirm: {
      message: `Share "${path.title}" with your team?`,
      detail: 'Its current title, description and steps are published to the team folder. What you wrote and removed while it was private stays on this machine.',
      button: 'Share with Team',
    },
    done: `"${path.title}" is shared with your team from the next sync.`,
  };
}
