import { strict as assert } from 'node:assert';
import { articleEditorPath, articleIdFromEditorPath } from '../../../src/core/articles/articleEditorPath';

describe('Where an article opens in the editor (lore: URIs)', () => {
  it('shows the title, not the id, in the path VS Code puts in the tab and breadcrumbs', () => {
    const where = articleEditorPath({ id: 'a1B2c3D4e5', title: 'How we cache user sessions' });
    assert.equal(where.path, '/articles/how-we-cache-user-sessions.md');
    assert.doesNotMatch(where.path, /a1B2c3D4e5/);
    assert.equal(articleIdFromEditorPath(where.path, where.query), 'a1B2c3D4e5');
  });

  it('still reads the older form with the id in the path', () => {
    assert.equal(articleIdFromEditorPath('/articles/a1B2c3D4e5/how-we-cache.md', ''), 'a1B2c3D4e5');
    assert.equal(articleIdFromEditorPath('/articles/a1B2c3D4e5', ''), 'a1B2c3D4e5');
  });

  it('reads no id from anything else', () => {
    assert.equal(articleIdFromEditorPath('/articles/how-we-cache.md', ''), undefined, 'a slug alone names no article');
    assert.equal(articleIdFromEditorPath('/articles', ''), undefined);
    assert.equal(articleIdFromEditorPath('/articles/x.md', 'id=../../etc'), undefined);
  });
});
