import { strict as assert } from 'node:assert';
import { LoreError } from '../../../src/core/errors';
import { articleFromThread } from '../../../src/core/review/promoteThread';
import { anchorAt, syncAll, team } from './syncTestKit';

describe('Team Knowledge from a synced team folder', () => {
  it('counts what another team reads, links to and votes on, and the thanks for a review note, on every machine', async () => {
    const { replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    const runbook = ann.store.createArticle({ title: 'Payments runbook', body: 'Restart the worker.', team: 'Payments', status: 'published' });
    ann.store.createArticle({ title: 'Private notes', body: 'Mine.', team: 'Payments', visibility: 'private' });
    const note = ann.store.createThread({ anchor: anchorAt('src/pay.ts'), kind: 'question', body: 'Why retry twice here?' });
    await syncAll(replicas);

    bob.store.createArticle({ title: 'Search indexing', body: 'Uses [[payments RUNBOOK]] when a refund fails.', team: 'Search', status: 'published' });
    for (let i = 0; i < 3; i++) bob.store.recordOpen(runbook.id, 'tree');
    assert.equal(bob.store.shareUsage(), 1);
    bob.store.voteOnArticle(runbook.id, { helpful: true });
    bob.store.thankNoteAuthor(note.id);
    assert.throws(() => bob.store.thankNoteAuthor(note.id), LoreError, 'one Thank per person and note');
    assert.throws(() => ann.store.thankNoteAuthor(note.id), LoreError, 'no thanking oneself');
    await syncAll(replicas);

    assert.deepEqual(ann.store.noteThankedBy(note.id), ['Bob']);
    for (const r of replicas) {
      const figures = r.store.teamKnowledge();
      assert.deepEqual(figures.matrixTeams, ['Payments', 'Search'], r.name);
      // Row: the knowledge's team; column: the team using it. Bob (Search) opened Ann's runbook 3 times, links to it, voted.
      assert.deepEqual(figures.k[0][1], { reads: 3, links: 1, votes: 1, total: 5 }, r.name);
      assert.equal(figures.e, 5, r.name);
      const annFigures = figures.people.find((p) => p.name === 'Ann')!;
      // One shared article (the private one never counts), one helpful vote, a Thank for her note.
      assert.deepEqual(annFigures, { name: 'Ann', team: 'Payments', written: 1, keptFresh: 1, helpfulVotes: 1, notesPromoted: 0, thanks: 1 }, r.name);
      assert.equal(figures.weekly.at(-1)!.between, 5, r.name);
    }
  });

  it('credits the note\'s author when a note is promoted to an article', async () => {
    const { replicas } = await team(['Ann', 'Bob']);
    const [ann, bob] = replicas;
    const note = ann.store.createThread({ anchor: anchorAt('src/pay.ts'), kind: 'question', body: 'Why retry twice here?' });
    await syncAll(replicas);
    bob.store.createArticle({ ...articleFromThread(bob.store.getThread(note.id)!), team: 'Payments' });
    await syncAll(replicas);
    const people = ann.store.teamKnowledge().people;
    assert.equal(people.find((p) => p.name === 'Ann')!.notesPromoted, 1);
    assert.equal(people.find((p) => p.name === 'Bob')!.notesPromoted, 0);
  });
});
