import { strict as assert } from 'node:assert';
import type { TextRange } from '../../../src/core/model';
import { atPlace, notePlace } from '../../../src/core/review/notePlace';
import { changeSummary, codeChanges, explainPlacement } from '../../../src/core/review/placementExplanation';
import { makeThread } from './threadFixtures';

const PUT = [
  '  async put(token: string, session: Session): Promise<void> {',
  '    await this.redis.set(`session:${token}`, JSON.stringify(session), { EX: TTL_SECONDS });',
  '    this.local.set(token, { session, storedAt: Date.now() });',
  '  }',
  '',
].join('\n');
const AT_31: TextRange = { startLine: 30, startCharacter: 0, endLine: 34, endCharacter: 0 };
const AT_13: TextRange = { startLine: 12, startCharacter: 0, endLine: 16, endCharacter: 0 };
/** The prose as a reader sees it (Markdown escapes removed). */
const unescaped = (md: string) => md.replace(/\\(.)/g, '$1');
const anchor = { path: 'src/sessionCache.ts', range: AT_31, text: PUT };

describe('where a note is: one answer for the tree, the CodeLens and the thread', () => {
  it('takes the place shown in the open document over the stored anchor (a guess is never stored)', () => {
    const thread = makeThread({ range: AT_31, anchorState: 'attached' });
    const place = notePlace(thread, { range: AT_13, state: 'needsReview', note: 'The code changed: edited; now at lines 13-16.' });
    assert.deepEqual(place, { range: AT_13, state: 'needsReview', note: 'The code changed: edited; now at lines 13-16.', live: true });
    const shown = atPlace(thread, place);
    assert.equal(shown.anchorState, 'needsReview');
    assert.equal(shown.anchorNote, 'The code changed: edited; now at lines 13-16.');
    assert.equal(thread.anchorState, 'attached', 'the stored thread is left as it is');
  });

  it('falls back to the last place stored on this machine when the file is not open', () => {
    const thread = makeThread({ range: AT_31, anchorState: 'moved', anchorNote: 'moved 2 lines down' });
    assert.deepEqual(notePlace(thread), { range: AT_31, state: 'moved', note: 'moved 2 lines down', live: false });
    assert.equal(atPlace(thread, { state: 'attached' }).anchorNote, undefined, 'a note from an older state is not carried over');
  });
});

describe('why a note is not attached, and what to do', () => {
  it('counts changed lines the way a reader says them', () => {
    assert.equal(changeSummary('  a\n- b\n+ B\n- c\n+ C'), '2 lines edited');
    assert.equal(changeSummary('- b\n+ B\n+ extra\n+ more'), '1 line edited, 2 added');
    assert.equal(changeSummary('  a\n- gone'), '1 line removed');
    assert.equal(changeSummary('+ new\n+ newer'), '2 lines added');
    assert.equal(changeSummary('  a\n  b'), '');
  });

  it('compares masked code with the code now without counting the masked secret as a change', () => {
    const masked = "const key = '<redacted: AWS access key>';\nreturn key;\n";
    assert.equal(codeChanges(masked, "const key = 'AKIAIOSFODNN7EXAMPLE';\nreturn key;\n"), '');
    assert.match(codeChanges(masked, "const key = 'AKIAIOSFODNN7EXAMPLE';\nreturn key.trim();\n"), /^- return key;\n\+ return key\.trim\(\);$/m);
  });

  it('needs review: says the code changed, by how many lines, how to keep the note there, and shows the change fenced', () => {
    const now = PUT.replace('storedAt: Date.now()', 'storedAt: this.clock.now()').replace('EX: TTL_SECONDS', 'EX: ttl');
    const md = explainPlacement({ state: 'needsReview', note: 'The code changed: moved 18 lines up, edited (80% the same); now at lines 13-16. Check that the note still fits, then re-attach it there.', anchor, range: AT_13, textNow: now })!;
    assert.match(unescaped(md), /^\*\*Needs review\.\*\* The code here changed: 2 lines edited, moved 18 lines up\./);
    assert.match(unescaped(md), /Check that the note still applies to lines 13-16, then choose Re-attach Here in this thread's title/);
    assert.match(unescaped(md), /\(was at lines 31-34 of src\/sessionCache\.ts\)/);
    assert.match(md, /```diff\n {2}async put[^\n]*\n- await this\.redis\.set[^\n]*\n- this\.local\.set[^\n]*\n\+ await this\.redis\.set[^\n]*ttl[^\n]*\n\+ this\.local\.set[^\n]*clock[^\n]*\n {2}\}\n```/);
  });

  it('needs review for another reason than an edit: says the resolver\'s reason', () => {
    const note = 'Not sure where this code went: best guess is lines 13-16 (the same code appears in more than one place, also at lines 40-43). Check it and re-attach the note there, or leave it.';
    const md = explainPlacement({ state: 'needsReview', note, anchor, range: AT_13, textNow: PUT })!;
    assert.match(unescaped(md), /^\*\*Needs review\.\*\* Not sure where this code went: best guess is lines 13-16 \(the same code appears in more than one place/);
    assert.doesNotMatch(md, /```/, 'no change to show');
  });

  it('orphaned: says the code is gone from this file, shows it fenced with where it was, and what to do', () => {
    const md = explainPlacement({ state: 'orphaned', note: 'gone', anchor, range: AT_31 })!;
    assert.match(unescaped(md), /^\*\*Orphaned\.\*\* The code this note was about is no longer in this file\. It was at lines 31-34 of src\/sessionCache\.ts:/);
    assert.ok(md.includes(`\`\`\`typescript\n${PUT}\`\`\``), md);
    assert.match(unescaped(md), /Select the code the note is about now and choose Re-attach Here, or resolve the note/);
  });

  it('keeps the orphaned code inside its fence whatever it holds (a fence in the code, Markdown, HTML)', () => {
    const hostile = '```\n[run](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>\n';
    const md = explainPlacement({ state: 'orphaned', anchor: { ...anchor, path: 'docs/[x](command:y).md', text: hostile }, range: AT_31 })!;
    assert.ok(md.includes(`\`\`\`\`markdown\n${hostile}\`\`\`\``), md);
    assert.ok(md.includes('docs/\\[x\\]\\(command:y\\)\\.md'), 'the path is escaped');
  });

  it('has nothing to explain for attached and moved notes (the label says moved)', () => {
    assert.equal(explainPlacement({ state: 'attached', anchor, range: AT_31 }), undefined);
    assert.equal(explainPlacement({ state: 'moved', note: 'moved 18 lines up', anchor, range: AT_13 }), undefined);
  });
});
