import { strict as assert } from 'node:assert';
import { ManualClock } from '../../../src/core/clock';
import type { LoreStore } from '../../../src/core/store/loreStore';
import { openTestStore, sampleAnchor, testDriver } from './testStore';

/** Readers on other machines vote on an article; their votes reach `store` as through sync. */
function votes(store: LoreStore, id: string, vote: { helpful: boolean; reason?: 'outdated' }, readers: string[]): void {
  for (const author of readers) {
    const reader = openTestStore(':memory:', { author });
    reader.ingest(store.unpublishedEvents());
    reader.voteOnArticle(id, vote);
    store.ingest(reader.unpublishedEvents());
  }
}
const helpful = (store: LoreStore, id: string) => votes(store, id, { helpful: true }, ['Reader 1', 'Reader 2', 'Reader 3', 'Reader 4']);
const outdated = (store: LoreStore, id: string) => votes(store, id, { helpful: false, reason: 'outdated' }, ['Grace']);

describe(`For This File and related articles learn from votes (${testDriver().name})`, () => {
  it('For This File: a helpful article comes first, an outdated one sinks, the rest keep newest first', () => {
    const clock = new ManualClock();
    const store = openTestStore(':memory:', { clock });
    const add = (title: string) => {
      clock.advance(60_000);
      return store.createArticle({ title, status: 'published', snippets: [{ code: 'x()', anchor: sampleAnchor('src/a.ts') }] }).id;
    };
    const oldest = add('Oldest');
    add('Middle');
    const newest = add('Newest');
    const titles = () => store.articlesForPath('src/a.ts').map((a) => a.title);
    assert.deepEqual(titles(), ['Newest', 'Middle', 'Oldest'], 'without votes: newest first');
    helpful(store, oldest);
    assert.deepEqual(titles(), ['Oldest', 'Newest', 'Middle'], 'the one that helped four readers first; the others keep their order');
    outdated(store, newest);
    assert.deepEqual(titles(), ['Oldest', 'Middle', 'Newest'], 'reported outdated: last');
  });

  it('related articles: among equally related ones, a helpful article comes first and an outdated one sinks', () => {
    const store = openTestStore();
    const topics = ['kubernetes ingress', 'font rendering', 'payroll export', 'docker layers', 'oauth scopes', 'css grid', 'gpu drivers', 'ldap groups', 'pdf forms', 'mqtt brokers', 'smtp relays', 'dns zones'];
    topics.forEach((topic, i) => store.createArticle({ title: `Notes on ${topic} ${i}`, body: `Everything about ${topic}.`, tags: [`topic-${i}`] }));
    const source = store.createArticle({ title: 'Source', tags: ['shared'] });
    const alpha = store.createArticle({ title: 'Alpha', tags: ['shared'] }).id;
    store.createArticle({ title: 'beta', tags: ['shared'] });
    const gamma = store.createArticle({ title: 'Gamma', tags: ['shared'] }).id;
    store.createArticle({ title: 'Delta', tags: ['shared'] });
    const titles = () => store.relatedArticles(source.id).map((r) => r.title);
    assert.deepEqual(titles(), ['Alpha', 'beta', 'Delta', 'Gamma'], 'a tie: by title');
    helpful(store, gamma);
    assert.deepEqual(titles(), ['Gamma', 'Alpha', 'beta', 'Delta'], 'helpful first; those without votes keep their order');
    outdated(store, alpha);
    assert.deepEqual(titles(), ['Gamma', 'beta', 'Delta', 'Alpha'], 'outdated last');
    assert.deepEqual(store.relatedToArticles([source], 5).map((r) => r.title), ['Gamma', 'beta', 'Delta', 'Alpha'], 'For This File\'s related articles alike');
  });
});
