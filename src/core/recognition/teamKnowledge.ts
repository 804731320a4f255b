/**
 * The Team Knowledge dashboard's figures (issue 13, "Recognition and knowledge flow"), computed
 * from what the store holds (store/teamKnowledgeQueries.ts reads it) by one pure function, so
 * the dashboard, its CSV export and the tests all count the same way. COUNTING_RULES says, in
 * the words the dashboard shows, how each number is counted; CONTRIBUTING repeats it.
 */

/** An article as the dashboard counts it: live and shared with the team (private ones never count). */
export interface KnowledgeArticle {
  id: string;
  title: string;
  /** The team it belongs to (front matter `team:`); none: NO_TEAM. */
  team?: string | null;
  author: string;
  createdAt: string;
  updatedAt: string;
  verified?: { by: string; at: string };
  /** Each reader's current vote (registered names). */
  votes: ReadonlyArray<{ by: string; helpful: boolean; at: string }>;
  /** Who thanked the author (registered names). */
  thankedBy: readonly string[];
  /** Ids of the live articles this one links to ([[Title]] or Lore links), each once. */
  linksTo: readonly string[];
  /** The author of the review note it was promoted from (undefined: not promoted). */
  promotedFrom?: string;
}

/** One device's shared open count of one article on one day (the team folder's usage counts). */
export interface UsageCount {
  articleId: string;
  /** The registered name of the device that shared the count. */
  reader: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  opens: number;
}

/** A Thank on a review note: kudos to the note's author. */
export interface NoteThanks {
  noteAuthor: string;
  by: string;
  at: string;
}

export interface TeamKnowledgeInput {
  articles: readonly KnowledgeArticle[];
  usage: readonly UsageCount[];
  noteThanks: readonly NoteThanks[];
  /** ISO time the figures are for. */
  now: string;
  /** "Kept fresh" looks back this many days (default FRESH_DAYS). */
  freshDays?: number;
  /** E over time covers this many weeks, the current one last (default WEEKS). */
  weeks?: number;
}

export interface Figures {
  written: number;
  keptFresh: number;
  helpfulVotes: number;
  notesPromoted: number;
  thanks: number;
}

export interface PersonFigures extends Figures {
  name: string;
  team: string;
}

export interface TeamFigures extends Figures {
  team: string;
  people: number;
}

/** How much one team uses another's knowledge, by kind; `total` is their sum. */
export interface Flow {
  reads: number;
  links: number;
  votes: number;
  total: number;
}

export interface WeekFlow {
  /** The Monday the week starts on (UTC), YYYY-MM-DD. */
  week: string;
  /** Σ k_i in that week. */
  within: number;
  /** Σ Σ k_ij (i ≠ j) in that week. */
  between: number;
  /** within + between. */
  e: number;
}

export interface TeamKnowledge {
  now: string;
  freshDays: number;
  people: PersonFigures[];
  teams: TeamFigures[];
  /** The teams of the matrix, in the order of its rows and columns. */
  matrixTeams: string[];
  /** k[i][j]: how much team j (column, the reader) uses team i's (row, the owner's) knowledge; k[i][i] is k_i. */
  k: Flow[][];
  /** Σ k_i. */
  within: number;
  /** Σ Σ k_ij, i ≠ j. */
  between: number;
  /** E = Σ k_i + Σ Σ k_ij. */
  e: number;
  weekly: WeekFlow[];
}

/** The team of articles without one, and of people who wrote none that has one. */
export const NO_TEAM = 'No team';
export const FRESH_DAYS = 90;
export const WEEKS = 12;

/** How each number is counted, shown in the dashboard (and in CONTRIBUTING), one line each. */
export function countingRules(freshDays = FRESH_DAYS, weeks = WEEKS): Array<{ name: string; rule: string }> {
  return [
    { name: 'Who counts', rule: 'Only articles shared with the team (not private ones), as they are now (deleted ones do not count). People are the names their devices registered in the team folder; case and spaces around a name are ignored.' },
    { name: 'A person\'s team', rule: `The team they wrote the most shared articles for (of two with as many, the first by name); "${NO_TEAM}" if none of their articles has a team. An article's team is its own team field.` },
    { name: 'Articles written', rule: 'Shared articles whose author is the person (for a team: the articles of that team).' },
    { name: 'Kept fresh', rule: `Articles verified (Mark Verified) in the last ${freshDays} days count for the person who verified them; articles not verified then but edited in the last ${freshDays} days count for their author (Lore records who verified, not who edited). A team counts its own articles verified or edited in that time. Each article once.` },
    { name: 'Helpful votes', rule: 'Helpful votes on the person\'s (the team\'s) articles now, each reader once per article; a vote changed to Not helpful or taken back no longer counts.' },
    { name: 'Notes promoted', rule: 'Shared articles made from a review note (Promote to Knowledge), counted for the author of the note (for a team: the articles of that team).' },
    { name: 'Thanks', rule: 'Thanks (Thank) given to the person for their articles and their review notes, one per reader per article or note (for a team: the thanks to its people).' },
    { name: 'k_ij (row i, column j)', rule: 'How much team j uses team i\'s knowledge: opens by team j\'s readers of team i\'s articles (the daily counts devices share; a device with usage sharing off adds none) + links from team j\'s articles to team i\'s (each linking article and linked article once) + Helpful votes by team j\'s people on team i\'s articles. The three count the same: one open = one link = one vote.' },
    { name: 'k_i', rule: 'The same within team i (the diagonal of the matrix).' },
    { name: 'E', rule: 'E = Σ k_i + Σ Σ k_ij: everything in the matrix. Sharing across teams counts as much as sharing within one.' },
    { name: 'E over time', rule: `Per week (Monday to Sunday, UTC), the last ${weeks} weeks: opens on the day they happened, votes when they were last cast, and links when the linking article was last edited (Lore does not record when a link was added).` },
  ];
}

const key = (name: string) => name.trim().toLowerCase();
const DAY_MS = 86_400_000;

function emptyFigures(): Figures {
  return { written: 0, keptFresh: 0, helpfulVotes: 0, notesPromoted: 0, thanks: 0 };
}

function emptyFlow(): Flow {
  return { reads: 0, links: 0, votes: 0, total: 0 };
}

/** The Monday (UTC) of the week a time or day falls in, YYYY-MM-DD. */
export function weekOf(time: string): string {
  const ms = Date.parse(time.length === 10 ? `${time}T00:00:00Z` : time);
  const day = new Date(ms).getUTCDay(); // 0 Sunday
  return new Date(ms - ((day + 6) % 7) * DAY_MS).toISOString().slice(0, 10);
}

/** The Team Knowledge figures of `input` (see countingRules for what each counts). */
export function teamKnowledge(input: TeamKnowledgeInput): TeamKnowledge {
  const freshDays = input.freshDays ?? FRESH_DAYS;
  const weeks = input.weeks ?? WEEKS;
  const freshSince = new Date(Date.parse(input.now) - freshDays * DAY_MS).toISOString();
  const teamOfArticle = (a: KnowledgeArticle) => a.team?.trim() || NO_TEAM;

  // People: the first spelling of each name seen, and the teams they wrote for.
  const names = new Map<string, string>();
  const person = (name: string): string => {
    const k = key(name);
    if (!names.has(k)) names.set(k, name.trim());
    return k;
  };
  const wroteFor = new Map<string, Map<string, number>>();
  for (const a of input.articles) {
    const p = person(a.author);
    const teams = wroteFor.get(p) ?? new Map<string, number>();
    if (a.team?.trim()) teams.set(teamOfArticle(a), (teams.get(teamOfArticle(a)) ?? 0) + 1);
    wroteFor.set(p, teams);
  }
  const teamOf = (name: string): string => {
    const teams = [...(wroteFor.get(key(name)) ?? new Map<string, number>())];
    teams.sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
    return teams[0]?.[0] ?? NO_TEAM;
  };

  const personFigures = new Map<string, Figures>();
  const forPerson = (name: string): Figures => {
    const k = person(name);
    let f = personFigures.get(k);
    if (!f) personFigures.set(k, f = emptyFigures());
    return f;
  };
  const teamFigures = new Map<string, Figures>();
  const forTeam = (team: string): Figures => {
    let f = teamFigures.get(team);
    if (!f) teamFigures.set(team, f = emptyFigures());
    return f;
  };

  const byId = new Map(input.articles.map((a) => [a.id, a]));
  for (const a of input.articles) {
    const team = forTeam(teamOfArticle(a));
    const author = forPerson(a.author);
    author.written++;
    team.written++;
    const verifiedRecently = a.verified && a.verified.at >= freshSince;
    if (verifiedRecently) forPerson(a.verified!.by).keptFresh++;
    else if (a.updatedAt >= freshSince) author.keptFresh++;
    if (verifiedRecently || a.updatedAt >= freshSince) team.keptFresh++;
    const helpful = a.votes.filter((v) => v.helpful).length;
    author.helpfulVotes += helpful;
    team.helpfulVotes += helpful;
    const thanks = new Set(a.thankedBy.map(key)).size;
    author.thanks += thanks;
    if (a.promotedFrom) {
      forPerson(a.promotedFrom).notesPromoted++;
      team.notesPromoted++;
    }
  }
  // One per reader and note (the store keeps one Thank per person on a note).
  for (const t of input.noteThanks) forPerson(t.noteAuthor).thanks++;
  // A team's thanks are its people's (thanks go to a person, for an article or a note).
  for (const [k, f] of personFigures) forTeam(teamOf(names.get(k)!)).thanks += f.thanks;

  // The matrix and E over time: every use of team i's knowledge by team j, with its week.
  const flows = new Map<string, Flow>();
  const weekly = new Map<string, { within: number; between: number }>();
  const thisWeek = weekOf(input.now);
  const firstWeek = new Date(Date.parse(`${thisWeek}T00:00:00Z`) - (weeks - 1) * 7 * DAY_MS).toISOString().slice(0, 10);
  const matrixTeams = new Set<string>();
  const use = (owner: string, reader: string, kind: 'reads' | 'links' | 'votes', amount: number, when: string) => {
    if (amount <= 0) return;
    matrixTeams.add(owner);
    matrixTeams.add(reader);
    const cell = `${owner}\u0000${reader}`;
    const flow = flows.get(cell) ?? emptyFlow();
    flow[kind] += amount;
    flow.total += amount;
    flows.set(cell, flow);
    const week = weekOf(when);
    if (week < firstWeek || week > thisWeek) return;
    const w = weekly.get(week) ?? { within: 0, between: 0 };
    if (owner === reader) w.within += amount;
    else w.between += amount;
    weekly.set(week, w);
  };
  for (const u of input.usage) {
    const a = byId.get(u.articleId);
    if (a) use(teamOfArticle(a), teamOf(u.reader), 'reads', u.opens, u.day);
  }
  for (const a of input.articles) {
    for (const target of new Set(a.linksTo)) {
      const t = byId.get(target);
      if (t && t.id !== a.id) use(teamOfArticle(t), teamOfArticle(a), 'links', 1, a.updatedAt);
    }
    for (const v of a.votes) if (v.helpful) use(teamOfArticle(a), teamOf(v.by), 'votes', 1, v.at);
  }

  for (const team of teamFigures.keys()) matrixTeams.add(team);
  const teamList = [...matrixTeams].sort((x, y) => (x === NO_TEAM ? 1 : 0) - (y === NO_TEAM ? 1 : 0) || x.localeCompare(y));
  const k = teamList.map((owner) => teamList.map((reader) => flows.get(`${owner}\u0000${reader}`) ?? emptyFlow()));
  const within = teamList.reduce((sum, _t, i) => sum + k[i][i].total, 0);
  const e = k.flat().reduce((sum, f) => sum + f.total, 0);

  const people: PersonFigures[] = [...personFigures].map(([k2, f]) => ({ name: names.get(k2)!, team: teamOf(names.get(k2)!), ...f }))
    .sort((x, y) => y.helpfulVotes + y.written - (x.helpfulVotes + x.written) || x.name.localeCompare(y.name));
  const teams: TeamFigures[] = teamList.map((team) => ({
    team, people: people.filter((p) => p.team === team).length, ...(teamFigures.get(team) ?? emptyFigures()),
  }));
  const weeklyList: WeekFlow[] = [];
  for (let i = 0; i < weeks; i++) {
    const week = new Date(Date.parse(`${firstWeek}T00:00:00Z`) + i * 7 * DAY_MS).toISOString().slice(0, 10);
    const w = weekly.get(week) ?? { within: 0, between: 0 };
    weeklyList.push({ week, within: w.within, between: w.between, e: w.within + w.between });
  }
  return { now: input.now, freshDays, people, teams, matrixTeams: teamList, k, within, between: e - within, e, weekly: weeklyList };
}
