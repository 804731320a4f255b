import { strict as assert } from 'node:assert';
import { imageSources, isImageUrlAllowed, parseImageHosts } from '../../../src/core/articles/imageHosts';

describe('Allowed image hosts', () => {
  it('reads host names from the setting and sets aside what is not one (it goes into a CSP)', () => {
    const { hosts, invalid } = parseImageHosts([
      'images.example.com', 'https://CDN.Example.com/', '*.corp.example', 'intranet.example:8443', 'images.example.com',
      '*', 'https:', 'evil.example; script-src *', 'a b', 'http://plain.example', 'example.com/path', 42,
    ]);
    assert.deepEqual(hosts, ['images.example.com', 'cdn.example.com', '*.corp.example', 'intranet.example:8443']);
    assert.equal(invalid.length, 7);
    assert.deepEqual(parseImageHosts(undefined), { hosts: [], invalid: [] });
    assert.deepEqual(parseImageHosts('images.example.com'), { hosts: [], invalid: [] });
  });

  it('gives the CSP exactly the allowed hosts over https, never a wildcard scheme', () => {
    assert.deepEqual(imageSources(['images.example.com', '*.corp.example']), ['https://images.example.com', 'https://*.corp.example']);
    assert.deepEqual(imageSources(['evil.example https:']), []);
  });

  it('matches hosts the way the CSP does: exact name and port, *. for subdomains only', () => {
    const allowed = ['images.example.com', '*.corp.example', 'intranet.example:8443'];
    assert.ok(isImageUrlAllowed('https://images.example.com/a.png', allowed));
    assert.ok(isImageUrlAllowed('https://images.example.com:443/a.png', allowed));
    assert.ok(!isImageUrlAllowed('https://images.example.com:8443/a.png', allowed));
    assert.ok(!isImageUrlAllowed('https://images.example.com.evil.example/a.png', allowed));
    assert.ok(!isImageUrlAllowed('https://images.example.com@evil.example/a.png', allowed));
    assert.ok(isImageUrlAllowed('https://a.b.corp.example/a.png', allowed));
    assert.ok(!isImageUrlAllowed('https://corp.example/a.png', allowed));
    assert.ok(isImageUrlAllowed('https://intranet.example:8443/a.png', allowed));
    assert.ok(!isImageUrlAllowed('https://intranet.example/a.png', allowed));
    assert.ok(!isImageUrlAllowed('http://images.example.com/a.png', allowed));
  });
});
