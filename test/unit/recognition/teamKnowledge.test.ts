import { strict as assert } from 'node:assert';
import { NO_TEAM, teamKnowledge, weekOf, type KnowledgeArticle, type TeamKnowledgeInput } from '../../../src/core/recognition/teamKnowledge';
import { teamKnowledgeCsv } from '../../../src/core/recognition/teamKnowledgeCsv';

const article = (id: string, team: string | null, author: string, more: Partial<KnowledgeArticle> = {}): KnowledgeArticle => ({
  id, title: `Article ${id}`, team, author, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
  votes: [], thankedBy: [], linksTo: [], ...more,
});

/**
 * A small team folder, counted by hand (now: Thursday 3 December 2026; the last 90 days start on
 * 4 September; the 12 weeks run from Monday 14 September to Monday 30 November).
 *   Payments: Ann wrote A1, Bob wrote A2 (promoted from Cy's note). Search: Cy wrote A3.
 *   Dee wrote A4 without a team.
 */
const input: TeamKnowledgeInput = {
  now: '2026-12-03T12:00:00.000Z',
  articles: [
    article('A1', 'Payments', 'Ann', {
      updatedAt: '2026-11-20T09:00:00.000Z',
      votes: [{ by: 'Cy', helpful: true, at: '2026-12-01T10:00:00.000Z' }, { by: 'Bob', helpful: true, at: '2026-11-24T10:00:00.000Z' }],
      thankedBy: ['Cy', ' cy '],
    }),
    article('A2', 'Payments', 'Bob', {
      updatedAt: '2026-01-10T00:00:00.000Z', verified: { by: 'ann', at: '2026-11-25T00:00:00.000Z' },
      votes: [{ by: 'Cy', helpful: false, at: '2026-12-02T00:00:00.000Z' }], linksTo: ['A1'], promotedFrom: 'Cy',
    }),
    article('A3', 'Search', 'Cy', {
      updatedAt: '2026-06-01T00:00:00.000Z', votes: [{ by: 'Ann', helpful: true, at: '2026-11-23T08:00:00.000Z' }], linksTo: ['A1', 'A1', 'A3', 'gone'],
    }),
    article('A4', null, 'Dee', { updatedAt: '2026-12-01T00:00:00.000Z', linksTo: ['A3'] }),
  ],
  usage: [
    { articleId: 'A1', reader: 'Cy', day: '2026-12-02', opens: 3 },
    { articleId: 'A1', reader: 'Bob', day: '2026-11-30', opens: 2 },
    { articleId: 'A3', reader: 'Dee', day: '2026-10-01', opens: 5 },
    { articleId: 'A3', reader: 'Ann', day: '2026-08-01', opens: 4 },
    { articleId: 'deleted-article', reader: 'Ann', day: '2026-12-01', opens: 9 },
  ],
  noteThanks: [{ noteAuthor: 'Bob', by: 'Cy', at: '2026-12-01T00:00:00.000Z' }],
};

describe('Team Knowledge figures', () => {
  const figures = teamKnowledge(input);

  it('counts per person what they wrote, kept fresh, were voted and thanked for, and the notes of theirs promoted', () => {
    assert.deepEqual(figures.people, [
      // A1 edited in the last 90 days (their own) + A2 verified by them; A1's two Helpful votes; one thanks (Cy twice is once).
      { name: 'Ann', team: 'Payments', written: 1, keptFresh: 2, helpfulVotes: 2, notesPromoted: 0, thanks: 1 },
      { name: 'Cy', team: 'Search', written: 1, keptFresh: 0, helpfulVotes: 1, notesPromoted: 1, thanks: 0 },
      // A2 was verified by Ann (it counts for her); a Not helpful vote is no helpful vote; thanked for a review note.
      { name: 'Bob', team: 'Payments', written: 1, keptFresh: 0, helpfulVotes: 0, notesPromoted: 0, thanks: 1 },
      { name: 'Dee', team: NO_TEAM, written: 1, keptFresh: 1, helpfulVotes: 0, notesPromoted: 0, thanks: 0 },
    ]);
  });

  it('counts per team its own articles, and the thanks to its people', () => {
    assert.deepEqual(figures.teams, [
      { team: 'Payments', people: 2, written: 2, keptFresh: 2, helpfulVotes: 2, notesPromoted: 1, thanks: 2 },
      { team: 'Search', people: 1, written: 1, keptFresh: 0, helpfulVotes: 1, notesPromoted: 0, thanks: 0 },
      { team: NO_TEAM, people: 1, written: 1, keptFresh: 1, helpfulVotes: 0, notesPromoted: 0, thanks: 0 },
    ]);
  });

  it('fills k_ij with how much team j reads, links to and votes on team i\'s knowledge, and E with all of it', () => {
    assert.deepEqual(figures.matrixTeams, ['Payments', 'Search', NO_TEAM]);
    const cell = (reads: number, links: number, votes: number) => ({ reads, links, votes, total: reads + links + votes });
    assert.deepEqual(figures.k, [
      // Payments' knowledge: Bob's 2 opens, A2's link and Bob's vote; Search's: Cy's 3 opens, A3's link (twice is once) and Cy's vote.
      [cell(2, 1, 1), cell(3, 1, 1), cell(0, 0, 0)],
      // Search's knowledge: Ann's 4 opens and her vote; Dee's 5 opens and A4's link (A3 to itself never counts).
      [cell(4, 0, 1), cell(0, 0, 0), cell(5, 1, 0)],
      [cell(0, 0, 0), cell(0, 0, 0), cell(0, 0, 0)],
    ]);
    assert.equal(figures.within, 4);
    assert.equal(figures.between, 16);
    assert.equal(figures.e, 20);
  });

  it('spreads E over the weeks the uses happened in, the last 12 up to this one', () => {
    assert.equal(figures.weekly.length, 12);
    assert.equal(figures.weekly[0].week, '2026-09-14');
    assert.equal(figures.weekly[11].week, '2026-11-30');
    const used = figures.weekly.filter((w) => w.e > 0);
    assert.deepEqual(used, [
      { week: '2026-09-28', within: 0, between: 5, e: 5 },
      { week: '2026-11-23', within: 1, between: 1, e: 2 },
      { week: '2026-11-30', within: 2, between: 5, e: 7 },
    ]);
  });

  it('starts weeks on Monday, UTC', () => {
    assert.equal(weekOf('2026-11-30'), '2026-11-30');
    assert.equal(weekOf('2026-12-06T23:59:59.000Z'), '2026-11-30');
    assert.equal(weekOf('2026-12-07T00:00:00.000Z'), '2026-12-07');
  });

  it('has nothing to show for an empty knowledge base', () => {
    const empty = teamKnowledge({ now: input.now, articles: [], usage: [], noteThanks: [] });
    assert.deepEqual([empty.people, empty.teams, empty.k, empty.e], [[], [], [], 0]);
    assert.ok(empty.weekly.every((w) => w.e === 0));
  });
});

describe('Team Knowledge CSV', () => {
  it('exports every table, quoting names with commas and quotes and neutralising formulas', () => {
    const hostile = teamKnowledge({
      now: input.now,
      articles: [
        article('X', 'Ops, "Core"', '=HYPERLINK("http://evil","click")', { votes: [{ by: '+Eve', helpful: true, at: '2026-12-01T00:00:00.000Z' }] }),
        article('Y', 'Ops, "Core"', '+Eve'),
      ],
      usage: [],
      noteThanks: [],
    });
    const csv = teamKnowledgeCsv(hostile);
    const tables = csv.split('\r\n\r\n');
    assert.equal(tables.length, 4);
    assert.equal(tables[0], [
      'Person,Team,Articles written,Kept fresh (90 days),Helpful votes received,Review notes promoted,Thanks received',
      `"'=HYPERLINK(""http://evil"",""click"")","Ops, ""Core""",1,0,1,0,0`,
      `'+Eve,"Ops, ""Core""",1,0,0,0,0`,
    ].join('\r\n'));
    assert.equal(tables[1].split('\r\n')[1], '"Ops, ""Core""",2,2,0,1,0,0');
    assert.equal(tables[2].split('\r\n')[1], '"Ops, ""Core""","Ops, ""Core""",0,0,1,1');
    assert.ok(tables[3].endsWith('All time,1,0,1\r\n'));
    assert.ok(!/(^|,)[=+\-@]/m.test(csv), 'no cell starts with a formula character');
  });
});
