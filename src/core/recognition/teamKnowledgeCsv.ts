import { csvField } from '../review/exportCsv';
import type { TeamKnowledge } from './teamKnowledge';

/**
 * The Team Knowledge figures as CSV (Export CSV): four tables one after the other, each with its
 * own header row and an empty line between them, so a spreadsheet shows them as they are in the
 * dashboard: people, teams, the matrix (one row per pair of teams that used each other's
 * knowledge, by kind), and E per week, then E over all time. Fields are quoted as RFC 4180 says and
 * neutralised against formulas (csvField): names and team names are free text from teammates.
 */
export function teamKnowledgeCsv(figures: TeamKnowledge): string {
  const tables: string[][][] = [
    [
      ['Person', 'Team', 'Articles written', `Kept fresh (${figures.freshDays} days)`, 'Helpful votes received', 'Review notes promoted', 'Thanks received'],
      ...figures.people.map((p) => [p.name, p.team, p.written, p.keptFresh, p.helpfulVotes, p.notesPromoted, p.thanks].map(String)),
    ],
    [
      ['Team', 'People', 'Articles written', `Kept fresh (${figures.freshDays} days)`, 'Helpful votes received', 'Review notes promoted', 'Thanks received'],
      ...figures.teams.map((t) => [t.team, t.people, t.written, t.keptFresh, t.helpfulVotes, t.notesPromoted, t.thanks].map(String)),
    ],
    [
      ['Knowledge of team (i)', 'Used by team (j)', 'Opens', 'Links', 'Helpful votes', 'k_ij (k_i when the same team)'],
      ...figures.matrixTeams.flatMap((owner, i) => figures.matrixTeams.map((reader, j) => ({ owner, reader, flow: figures.k[i][j] })))
        .filter((cell) => cell.flow.total > 0)
        .map(({ owner, reader, flow }) => [owner, reader, flow.reads, flow.links, flow.votes, flow.total].map(String)),
    ],
    [
      ['Week starting', 'Within teams (Σ k_i)', 'Between teams (Σ Σ k_ij)', 'E'],
      ...figures.weekly.map((w) => [w.week, w.within, w.between, w.e].map(String)),
      ['All time', String(figures.within), String(figures.between), String(figures.e)],
    ],
  ];
  return tables.map((rows) => rows.map((row) => row.map(csvField).join(',')).join('\r\n')).join('\r\n\r\n') + '\r\n';
}
