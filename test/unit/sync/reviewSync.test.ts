import { strict as assert } from 'node:assert';
import { activeReports } from '../../../src/core/articles/articleHealth';
import { approversOf, isAwaitingReviewBy } from '../../../src/core/articles/reviewWorkflow';
import { stateHash, syncAll, team } from './syncTestKit';

describe('Review before publishing, through the team folder', () => {
  it('two reviewers on two devices acting at once both count, the same on every machine, with no conflict', async () => {
    const { replicas } = await team(['Ann', 'Bob', 'Cy']);
    const [ann, bob, cy] = replicas;
    const id = ann.store.createArticle({ title: 'Deploying', body: 'Build, upload, tag.' }).id;
    ann.store.requestReview(id, ['Bob', 'Cy']);
    await syncAll(replicas);
    assert.equal(isAwaitingReviewBy(bob.store.getArticle(id)!, 'Bob'), true);
    assert.equal(isAwaitingReviewBy(cy.store.getArticle(id)!, 'Cy'), true);
    // Neither has seen the other's review.
    bob.clock.advance(1000);
    cy.clock.advance(1000);
    bob.store.reviewArticle(id, 'approved');
    cy.store.reviewArticle(id, 'approved');
    await syncAll(replicas);
    for (const r of replicas) {
      const article = r.store.getArticle(id)!;
      assert.deepEqual(approversOf(article).sort(), ['Bob', 'Cy'], `${r.name} has both approvals`);
      assert.deepEqual(r.store.getConflicts(id), []);
    }
    assert.equal(stateHash(ann.store), stateHash(bob.store));
    assert.equal(stateHash(ann.store), stateHash(cy.store));
    const published = ann.store.updateArticle(id, { status: 'published' });
    assert.deepEqual([...published.approvedBy!].sort(), ['Bob', 'Cy']);
    await syncAll(replicas);
    assert.deepEqual([...cy.store.getArticle(id)!.approvedBy!].sort(), ['Bob', 'Cy']);
    assert.equal(stateHash(ann.store), stateHash(cy.store));
  });

  it('a change request from one device and an approval from another at once: both kept, publishing refused everywhere until a new revision', async () => {
    const { replicas } = await team(['Ann', 'Bob', 'Cy']);
    const [ann, bob, cy] = replicas;
    const id = ann.store.createArticle({ title: 'Deploying', body: 'Build, upload, tag.' }).id;
    ann.store.requestReview(id, ['Bob', 'Cy']);
    await syncAll(replicas);
    bob.store.reviewArticle(id, 'changesRequested', 'Say which bucket.');
    cy.store.reviewArticle(id, 'approved');
    await syncAll(replicas);
    assert.deepEqual(ann.store.getArticle(id)!.reviews?.map((r) => `${r.by}:${r.verdict}`).sort(), ['Bob:changesRequested', 'Cy:approved']);
    assert.throws(() => ann.store.updateArticle(id, { status: 'published' }), /Bob requested changes to this revision/);
    ann.store.updateArticle(id, { body: 'Build, upload to s3://releases, tag.' });
    await syncAll(replicas);
    assert.equal(isAwaitingReviewBy(bob.store.getArticle(id)!, 'Bob'), true, 'the new revision waits for Bob again');
    bob.store.reviewArticle(id, 'approved');
    await syncAll(replicas);
    assert.deepEqual(ann.store.updateArticle(id, { status: 'published' }).approvedBy, ['Bob']);
  });

  it('two readers reporting an article outdated at once both count until the author verifies it', async () => {
    const { replicas } = await team(['Ann', 'Bob', 'Cy']);
    const [ann, bob, cy] = replicas;
    const id = ann.store.createArticle({ title: 'Deploying', body: 'Use Jenkins.', status: 'published' }).id;
    await syncAll(replicas);
    bob.clock.advance(1000);
    cy.clock.advance(1000);
    bob.store.reportOutdated(id, 'We use GitHub Actions now.');
    cy.store.reportOutdated(id);
    await syncAll(replicas);
    assert.deepEqual(activeReports(ann.store.getArticle(id)!).map((r) => r.by).sort(), ['Bob', 'Cy']);
    ann.clock.advance(5000);
    ann.store.markVerified(id);
    await syncAll(replicas);
    for (const r of replicas) assert.deepEqual(activeReports(r.store.getArticle(id)!), [], `${r.name}: answered`);
  });

  it('a reader withdrawing their outdated report takes only theirs back, the same on every machine', async () => {
    const { replicas } = await team(['Ann', 'Bob', 'Cy']);
    const [ann, bob, cy] = replicas;
    const id = ann.store.createArticle({ title: 'Deploying', body: 'Use Jenkins.', status: 'published' }).id;
    await syncAll(replicas);
    bob.clock.advance(1000);
    cy.clock.advance(1000);
    bob.store.reportOutdated(id, 'We use GitHub Actions now.');
    cy.store.reportOutdated(id, 'Jenkins is gone.');
    await syncAll(replicas);
    // Bob takes his back while Cy's stands; Ann has not synced yet.
    bob.clock.advance(1000);
    assert.deepEqual(activeReports(bob.store.withdrawReport(id)).map((r) => r.by), ['Cy']);
    assert.throws(() => ann.store.withdrawReport(id), /You have not reported "Deploying" outdated/);
    await syncAll(replicas);
    for (const r of replicas) assert.deepEqual(activeReports(r.store.getArticle(id)!).map((x) => x.by), ['Cy'], `${r.name}: only Cy's report`);
    assert.equal(stateHash(ann.store), stateHash(bob.store));
    assert.equal(stateHash(ann.store), stateHash(cy.store));
    // Reporting again counts again.
    bob.clock.advance(1000);
    bob.store.reportOutdated(id, 'Actually, still Jenkins in places.');
    await syncAll(replicas);
    assert.deepEqual(activeReports(cy.store.getArticle(id)!).map((x) => x.by).sort(), ['Bob', 'Cy']);
  });
});
