import { strict as assert } from 'node:assert';
import { docComment } from '../../../src/core/articles/docComment';
import { innermostDeclaration, selectedDeclaration } from '../../../src/core/articles/enclosingDeclaration';

/** The doc comment of the declaration on the first line containing `declaration`. */
function commentOf(text: string, declaration: string, language: string): string | undefined {
  const line = text.split('\n').findIndex((l) => l.includes(declaration));
  assert.ok(line >= 0, declaration);
  return docComment(text, line, language);
}

describe('a draft reads the doc comment of the shared declaration', () => {
  it('TypeScript JSDoc/TSDoc: the text without its stars, tags kept, decorators passed over', () => {
    const text = [
      'import x from "y";',
      '',
      '/**',
      ' * Charges the card once, rounding half-even.',
      ' *',
      ' * @param amount - in cents',
      ' */',
      '@Traced()',
      'export async function charge(amount: number): Promise<void> {',
      '  return;',
      '}',
    ].join('\n');
    assert.equal(commentOf(text, 'function charge', 'typescript'), 'Charges the card once, rounding half-even.\n\n@param amount - in cents');
  });

  it('a one-line /** */ comment, and none when code or a blank line separates them', () => {
    assert.equal(commentOf('/** The cache. */\nconst cache = new Map();\n', 'const cache', 'javascript'), 'The cache.');
    assert.equal(commentOf('/** Not mine. */\n\nfunction f() {}\n', 'function f', 'javascript'), undefined);
    assert.equal(commentOf('run(); /** trailing */\nfunction f() {}\n', 'function f', 'javascript'), undefined);
    assert.equal(commentOf('let a = 1;\nfunction f() {}\n', 'function f', 'javascript'), undefined);
  });

  it('Python: the docstring under the def (multi-line, dedented), else the # block above', () => {
    const text = [
      'class PaymentService:',
      '    def charge(self,',
      '               amount):',
      '        """Charge the card.',
      '',
      '        Raises ValueError for amounts below zero.',
      '        """',
      '        return amount',
      '',
      '    # Refunds go back to the original card.',
      '    # Partial refunds are allowed.',
      '    def refund(self, amount):',
      "        '''One line.'''",
      '',
      '    # Just a comment.',
      '    def void(self):',
      '        pass',
    ].join('\n');
    assert.equal(commentOf(text, 'def charge', 'python'), 'Charge the card.\n\nRaises ValueError for amounts below zero.');
    assert.equal(commentOf(text, 'def refund', 'python'), 'One line.');
    assert.equal(commentOf(text, 'def void', 'python'), 'Just a comment.');
  });

  it('Go // runs, Rust /// runs above #[attributes], C# /// with <summary> dropped, Java /** */', () => {
    assert.equal(commentOf('// Add stores the user.\n// It fails for an empty name.\nfunc (s *Store) Add(u User) error {\n', 'func (s', 'go'), 'Add stores the user.\nIt fails for an empty name.');
    assert.equal(commentOf('/// Parses a header.\n#[inline]\npub fn parse(s: &str) -> Header {\n', 'pub fn parse', 'rust'), 'Parses a header.');
    assert.equal(commentOf('    /// <summary>\n    /// Adds a user.\n    /// </summary>\n    [HttpPost]\n    public void Add(User u)\n', 'public void Add', 'csharp'), 'Adds a user.');
    assert.equal(commentOf('/**\n * Returns the user.\n * @throws NotFound\n */\npublic User find(long id) {\n', 'public User find', 'java'), 'Returns the user.\n@throws NotFound');
  });

  it('Ruby and shell # blocks; # is not a comment in C (a preprocessor line)', () => {
    assert.equal(commentOf('# Greets.\ndef hello\nend\n', 'def hello', 'ruby'), 'Greets.');
    assert.equal(commentOf('#include <stdio.h>\nint main(void) {\n', 'int main', 'c'), undefined);
  });

  it('a very long doc comment is cut, saying so', () => {
    const text = `/**\n${Array.from({ length: 100 }, (_, i) => ` * line ${i}`).join('\n')}\n */\nfunction f() {}\n`;
    const comment = commentOf(text, 'function f', 'typescript')!;
    assert.equal(comment.split('\n').length, 41);
    assert.ok(comment.endsWith('\n…'));
  });
});

describe('the declaration a selection is about', () => {
  const text = ['class Cache {', '  /**', '   * Reads a key.', '   */', '  get(key: string): string {', '    return this.m.get(key);', '  }', '}'].join('\n');

  it('a selection starting on the doc comment is about the declaration below it', () => {
    assert.deepEqual(selectedDeclaration(text, 1, 6), { name: 'get', line: 4 });
  });

  it('a selection inside the body is about the innermost enclosing declaration', () => {
    assert.deepEqual(selectedDeclaration(text, 5, 5), { name: 'get', line: 4 });
    assert.deepEqual(innermostDeclaration(text, 0), { name: 'Cache', line: 0 });
  });
});
