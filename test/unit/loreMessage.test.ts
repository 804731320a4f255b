import { strict as assert } from 'node:assert';
import { describeError, StoreError } from '../../src/core/errors';
import { loreMessage } from '../../src/core/loreMessage';
import { noDriverError } from '../../src/core/store/sqliteDriverLoader';

describe('Notification messages name Lore once', () => {
  it('never doubles the prefix of an error that already starts with Lore', () => {
    const shown = loreMessage(describeError(new StoreError('Lore cannot open its database at /x/lore.db (locked).', 'Close the other window.')));
    assert.equal(shown, 'Lore cannot open its database at /x/lore.db (locked). Close the other window.');
    assert.doesNotMatch(loreMessage(describeError(noDriverError('vscode', []))), /^Lore: Lore/);
    assert.equal(loreMessage('Lore: already prefixed'), 'Lore: already prefixed');
  });

  it('prefixes any other message once', () => {
    assert.equal(loreMessage('The article does not exist.'), 'Lore: The article does not exist.');
    assert.equal(loreMessage('Lorem ipsum'), 'Lore: Lorem ipsum', 'only the word Lore counts');
  });
});
