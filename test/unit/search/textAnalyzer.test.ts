import { strict as assert } from 'node:assert';
import { identifierParts, indexCode, indexText, normalizeWord, stemWord, tokenize, wordsOf } from '../../../src/core/search/textAnalyzer';

describe('Search text analyzer', () => {
  it('splits technical text into words with offsets into the original text', () => {
    const text = 'Set `max_connections` in node.js (x-forwarded-for)';
    const tokens = tokenize(text);
    assert.deepEqual(tokens.map((t) => t.word), ['set', 'max', 'connections', 'in', 'node', 'js', 'x', 'forwarded', 'for']);
    for (const token of tokens) assert.equal(normalizeWord(text.slice(token.start, token.end)), token.word);
  });

  it('stems English words with lunr’s Porter stemmer, the same for documents and queries', () => {
    assert.equal(stemWord('caching'), stemWord('cached'));
    assert.equal(stemWord('connections'), stemWord('connection'));
    assert.equal(stemWord('authentication'), 'authent');
    // Words with digits or non-English letters are kept as they are.
    assert.equal(stemWord('utf8'), 'utf8');
  });

  it('folds case and Latin diacritics, keeps other scripts, drops apostrophes inside words', () => {
    assert.deepEqual(wordsOf('Zürich Café NAÏVE Привет don’t'), ['zurich', 'cafe', 'naive', 'привет', 'dont']);
    // Decomposed input (e + combining acute) ends up the same as composed input.
    assert.equal(normalizeWord('Cafe\u0301'), normalizeWord('Café'));
  });

  it('indexes a field as its stems in order, separated by single spaces, and collects its words', () => {
    const words = new Map<string, string>();
    assert.equal(indexText('Caching the connections, quickly!', words), 'cach the connect quickli');
    assert.equal(words.get('connections'), 'connect');
    assert.equal(words.get('caching'), 'cach');
  });

  it('splits identifiers in code into their parts and keeps the whole identifier too', () => {
    assert.deepEqual(identifierParts('addUser'), ['add', 'User']);
    assert.deepEqual(identifierParts('MAX_RETRIES'), ['MAX', 'RETRIES']);
    assert.deepEqual(identifierParts('XMLHttpRequest'), ['XML', 'Http', 'Request']);
    assert.deepEqual(identifierParts('utf8Decode'), ['utf8', 'Decode']);
    assert.deepEqual(identifierParts('__init__'), ['init']);
    const words = new Map<string, string>();
    const indexed = indexCode('src/users/addUser.ts\nconst user_id = addUser(name);', words).split(' ');
    // Parts first, then the whole identifier: "add user" stays a phrase, and addUser is one word too.
    assert.deepEqual(indexed, ['src', 'user', 'add', 'user', stemWord('adduser'), 'ts', 'const', 'user', 'id', stemWord('userid'),
      'add', 'user', stemWord('adduser'), 'name']);
    for (const word of ['adduser', 'add', 'user', 'userid', 'users']) assert.ok(words.has(word), word);
    // A query reads the identifier as one word, with the same stem as the index.
    assert.deepEqual(wordsOf('addUser').map(stemWord), [stemWord('adduser')]);
  });
});
