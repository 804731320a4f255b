import { strict as assert } from 'node:assert';
import { parseQuery, type QueryClause } from '../../../src/core/search/queryParser';

function brief(clause: QueryClause): string {
  const presence = clause.presence === 'required' ? '+' : clause.presence === 'excluded' ? '-' : '';
  const fields = clause.fields ? `${clause.fields.join(',')}:` : '';
  const text = clause.kind === 'phrase' ? `"${clause.words.join(' ')}"` : clause.words.join(' ');
  return `${presence}${fields}${text}${clause.kind === 'prefix' ? '*' : ''}${clause.editDistance !== undefined ? `~${clause.editDistance}` : ''}`;
}

function parse(text: string): string[] {
  return parseQuery(text).clauses.map(brief);
}

describe('Search query parser', () => {
  it('reads lunr syntax: words, prefixes, fields, required and excluded words, edit distance', () => {
    assert.deepEqual(parse('Cache auth* tag:security title:Redis body:retry +redis -cluster authentcation~1'), [
      'cache', 'auth*', 'tags:security', 'title:redis', 'body:retry', '+redis', '-cluster', 'authentcation~1',
    ]);
  });

  it('reads quoted phrases, with a field or +/- before the quote', () => {
    assert.deepEqual(parse('"connection pool" title:"cache of the" -"dead letter" +"x"'), [
      '"connection pool"', 'title:"cache of the"', '-"dead letter"', '+x',
    ]);
    const quoted = parseQuery('"authentcation"').clauses[0];
    assert.equal(quoted.exact, true, 'a quoted word is searched exactly (no typo correction)');
  });

  it('accepts “smart quotes” and a space after a field name', () => {
    assert.deepEqual(parse('“connection pool” tag: security'), ['"connection pool"', 'tags:security']);
  });

  it('keeps words joined by punctuation together as a phrase (x-forwarded-for, node.js, std::vector)', () => {
    assert.deepEqual(parse('x-forwarded-for node.js std::vector tag:code-review'), [
      '"x forwarded for"', '"node js"', '"std vector"', 'tags:"code review"',
    ]);
  });

  it('drops stop words when other words remain, keeps them when they are the whole query', () => {
    assert.deepEqual(parse('how to get the token'), ['token']);
    assert.deepEqual(parse('the'), ['the']);
    assert.deepEqual(parse('let'), ['let']);
    assert.deepEqual(parse('"cache of the server"'), ['"cache of the server"']);
  });

  it('searches the words of an unbalanced quote and says so', () => {
    const parsed = parseQuery('"connection pool');
    assert.deepEqual(parsed.clauses.map(brief), ['connection', 'pool']);
    assert.match(parsed.warnings.join(' '), /opening quote without a closing one/);
    assert.equal(parsed.error, undefined);
  });

  it('explains a query of only operators or only exclusions instead of failing', () => {
    for (const text of ['+ - *', '*', '^', ':', '~', '"', '""', '-', '+', '( )', '{}:']) {
      const parsed = parseQuery(text);
      assert.equal(parsed.clauses.filter((c) => c.presence !== 'excluded').length, 0, text);
      assert.match(parsed.error ?? '', /Type a word to search for/, text);
    }
    assert.match(parseQuery('-cluster').error ?? '', /only leaves articles out/);
  });

  it('says what a field needs when it is given nothing', () => {
    const parsed = parseQuery('tag:');
    assert.deepEqual(parsed.clauses, []);
    assert.match(parsed.error ?? '', /“tag:” needs a word after it, like tag:security/);
    const withOther = parseQuery('redis title:');
    assert.deepEqual(withOther.clauses.map(brief), ['redis']);
    assert.match(withOther.warnings.join(' '), /“title:” needs a word/);
  });

  it('treats an unknown field as text, and says so when it looks like a field', () => {
    const parsed = parseQuery('author:alice');
    assert.deepEqual(parsed.clauses.map(brief), ['"author alice"']);
    assert.match(parsed.warnings.join(' '), /not a search field/);
    assert.deepEqual(parseQuery('localhost:8080').warnings, []);
  });

  it('turns SQL and FTS5 syntax into plain words', () => {
    assert.deepEqual(parse('"); DROP TABLE articles; --').sort(), ['articles', 'drop', 'table']);
    assert.deepEqual(parse('NEAR(cache redis, 2)'), ['near', 'cache', 'redis', '2']);
    assert.deepEqual(parse('cache AND redis OR NOT queue'), ['cache', 'redis', 'queue']);
    assert.deepEqual(parse('{title}:cache'), ['title', 'cache']);
  });

  it('warns about wildcards it cannot honour', () => {
    const leading = parseQuery('*auth');
    assert.deepEqual(leading.clauses.map(brief), ['auth']);
    assert.match(leading.warnings.join(' '), /start of words/);
    const short = parseQuery('a*');
    assert.deepEqual(short.clauses.map(brief), ['a']);
    assert.match(short.warnings.join(' '), /at least 2 letters/);
  });

  it('never throws, whatever is typed', () => {
    const alphabet = ['"', '“', '*', '^', '~', ':', '+', '-', '(', ')', '{', '}', '\\', ' ', 'a', 'b', 'é', '1', 'tag', 'title', 'NEAR', "'", ';'];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: 1 + random(12) }, () => alphabet[random(alphabet.length)]).join('');
      const parsed = parseQuery(text);
      const searchable = parsed.clauses.some((c) => c.presence !== 'excluded');
      assert.ok(searchable || parsed.error !== undefined || !text.trim(), `nothing to search and no message for ${JSON.stringify(text)}`);
    }
    assert.deepEqual(parseQuery('   '), { clauses: [], warnings: [] });
  });
});
