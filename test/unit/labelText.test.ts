import { strict as assert } from 'node:assert';
import { labelText } from '../../src/core/labelText';

/**
 * How VS Code draws a quick pick item's label, description or detail and status bar text
 * (renderLabelWithIcons in vs/base/browser/ui/iconLabel/iconLabels.ts, as in the installed
 * code-server): each `$(name)` becomes an icon, each `\$(name)` the text "$(name)".
 */
const LABEL_WITH_ICONS = /(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g;

function render(text: string): { shown: string; icons: string[] } {
  const icons: string[] = [];
  const shown = text.replace(LABEL_WITH_ICONS, (_match, escaped: string | undefined, name: string) => {
    if (escaped) return `$(${name})`;
    icons.push(name);
    return '';
  });
  return { shown, icons };
}

const TEAMMATE_TEXT = [
  'Deploy guide $(verified)',
  '$(check) Reviewed by security',
  'spinner $(sync~spin) and $(error)$(warning)',
  'already escaped \\$(verified) and \\\\$(check)',
  'src/$(shield)/keys.ts',
];

describe('labelText (untrusted text in quick pick items and the status bar)', () => {
  it('draws no icon from a teammate\'s text and shows it exactly as written', () => {
    for (const text of TEAMMATE_TEXT) {
      assert.ok(render(text).icons.length > 0 || text.includes('\\$('), `VS Code would draw an icon or eat a backslash in ${text}`);
      assert.deepEqual(render(labelText(text)), { shown: text, icons: [] }, text);
    }
  });

  it('keeps Lore\'s own icons around the value', () => {
    assert.deepEqual(render(`$(book) ${labelText('Retries $(verified)')}`), { shown: ' Retries $(verified)', icons: ['book'] });
  });

  it('leaves text without icon syntax alone', () => {
    for (const text of ['Retry policy', 'costs $5 (roughly)', '$(not an icon)', 'a $( b )', '#redis #cache']) assert.equal(labelText(text), text);
  });
});
