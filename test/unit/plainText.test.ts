import { strict as assert } from 'node:assert';
import { plainMessage, plainText } from '../../src/core/plainText';

/**
 * The pattern VS Code uses to find links in a notification message (vs/base/common/linkedText.ts):
 * a match is rendered as an `<a>` that opens the URL or runs the command when clicked.
 */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

const links = (message: string) => [...message.matchAll(NOTIFICATION_LINK)].map((m) => m[0]);

const HOSTILE = [
  '[click](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%5Cn%22%7D)',
  'src/[Install](command:workbench.extensions.installExtension?%22evil.ext%22).ts',
  '[a](COMMAND:workbench.action.quit "tooltip")',
  '[docs](https://evil.example/x) and [file](file:///etc/passwd)',
];

describe('plainText and plainMessage (untrusted text in notifications)', () => {
  it('leave no link that VS Code would render in a notification', () => {
    for (const text of HOSTILE) {
      assert.ok(links(text).length > 0, `the pattern finds the link in ${text}`);
      assert.deepEqual(links(plainText(text)), [], text);
      assert.deepEqual(links(plainMessage`"${text}" has no conflicting versions.`), [], text);
    }
  });

  it('keep the text readable as written', () => {
    assert.equal(plainText('[click](command:x)'), '[click] (command:x)');
    assert.equal(plainText('src/store/loreStore.ts'), 'src/store/loreStore.ts');
    assert.equal(plainMessage`Delete "${'Fix [the] (flaky) test'}"?`, 'Delete "Fix [the] (flaky) test"?');
    assert.equal(plainText(plainText('[a](https://x)')), plainText('[a](https://x)'));
  });

  it('stop a value from completing a link with the words around it', () => {
    // A value that starts with `(command:…)` after Lore's own `[…]` would otherwise join them.
    assert.deepEqual(links(plainMessage`[Lore]${'(command:workbench.action.quit)'}`), []);
    assert.equal(plainMessage`${3} notes in ${'src/a.ts'}`, '3 notes in src/a.ts');
  });
});
