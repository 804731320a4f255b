import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LoreError } from '../../src/core/errors';
import {
  findSecrets,
  isPlaceholderValue,
  manualFinding,
  redact,
  redactAccepted,
  shannonEntropy,
  type SecretFinding,
  type SecretKind,
} from '../../src/core/redaction';

// Every secret below is fake: random characters in the right shape, never a live credential.
const AWS_EXAMPLE_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_ID = 'AKIAZRDC644QYRW2YXL3';
const AWS_SECRET = 'D4bjcaf0SrZFfFsMIWKmYzIGQ2B1PWI4RCWfn71G';
const GITHUB = 'ghp_ehBSq2Q6g5UdbPLuKBdA7KcgxvjdYf8WTWDW';
const GOOGLE = 'AIzaY6hjJE4BChsagrrT5kEW21ajGz4gOddbtfN';
const GITLAB = 'glpat-MVAkCdhO8hrns8I4d7pE';
const RANDOM_40 = 'fud0tElvBOjwIXeXyCnFqfLsqmxjtAVHdxqCNSDK';
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

/** The exact substrings reported, in text order. */
function found(text: string): string[] {
  return findSecrets(text).map((f) => text.slice(f.start, f.end));
}

function kinds(text: string): SecretKind[] {
  return findSecrets(text).map((f) => f.kind);
}

function only(text: string): SecretFinding {
  const findings = findSecrets(text);
  assert.equal(findings.length, 1, `expected one finding in ${JSON.stringify(text)}, got ${JSON.stringify(findings)}`);
  return findings[0];
}

function pemBlock(label: string): string {
  const bytes = Uint8Array.from({ length: 600 }, (_, i) => (i * 7919 + 13) % 256);
  const body = Buffer.from(bytes).toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;
}

describe('findSecrets', () => {
  it('returns nothing for empty or ordinary text', () => {
    assert.deepEqual(findSecrets(''), []);
    assert.deepEqual(findSecrets('const total = items.reduce((sum, item) => sum + item.price, 0);\n'), []);
  });

  describe('AWS', () => {
    it('flags access key ids (AKIA and ASIA)', () => {
      assert.deepEqual(found(`aws_access_key_id = ${AWS_ID}`), [AWS_ID]);
      assert.deepEqual(kinds(`key: "ASIAZRDC644QYRW2YXL3"`), ['aws-access-key']);
    });

    it("flags AWS's documented example key, because demos and tests share exactly that fake", () => {
      const f = only(`const awsKey = "${AWS_EXAMPLE_ID}";`);
      assert.equal(f.kind, 'aws-access-key');
      assert.equal(f.label, 'AWS access key');
    });

    it('does not flag an access key id inside a longer token or an all-X stand-in', () => {
      assert.deepEqual(found(`id = "X${AWS_ID}9"`).filter((s) => s.startsWith('AKIA')), []);
      assert.deepEqual(found('aws_access_key_id = AKIAXXXXXXXXXXXXXXXX'), []);
    });

    it('flags 40-character secret keys next to an aws/secret name, not elsewhere', () => {
      assert.deepEqual(kinds(`aws_secret_access_key = ${AWS_SECRET}`), ['aws-secret-key']);
      assert.deepEqual(kinds(`export AWS_SECRET_ACCESS_KEY="${AWS_SECRET}"`), ['aws-secret-key']);
      assert.deepEqual(kinds(`checksum ${AWS_SECRET}`), []);
    });

    it('never takes a 40-character git SHA for a secret key', () => {
      assert.deepEqual(found('aws_secret_sha = 9fceb02d0ae598e95dc970b74767f19372d61af8'), []);
      assert.deepEqual(found('git checkout 9fceb02d0ae598e95dc970b74767f19372d61af8 # aws secret fix'), []);
    });
  });

  describe('vendor tokens', () => {
    it('flags GitHub tokens of every prefix', () => {
      assert.deepEqual(found(`const token = '${GITHUB}';`), [GITHUB]);
      for (const prefix of ['gho_', 'ghu_', 'ghs_', 'ghr_']) {
        assert.deepEqual(kinds(`x ${prefix}${GITHUB.slice(4)} y`), ['github-token'], prefix);
      }
      const pat = 'github_pat_11ABCDEFG0abcdefghijkl_MNOPqrstuvWXYZ0123456789abcdefghijklmnopQRSTUV0123456';
      assert.deepEqual(found(`GH=${pat}`), [pat]);
    });

    it('flags GitLab, Slack, Stripe and Google keys', () => {
      assert.deepEqual(kinds(`CI_TOKEN: ${GITLAB}`), ['gitlab-token']);
      assert.deepEqual(kinds('SLACK_BOT=xoxb-2718281828-3141592653-PwLq8ZrT3vNk6YhB1sDfGj0M'), ['slack-token']);
      assert.deepEqual(kinds('token: "xapp-1-A04KXHP8V2Q-4652317788123-9f2b7d1e0c3a"'), ['slack-token']);
      assert.deepEqual(kinds('Stripe.apiKey = "sk_live_51HqK2pLm9Rt4Vn8Wk3Hj6Bf1Zx8Qp2";'), ['stripe-key']);
      assert.deepEqual(kinds('stripe(rk_live_51HqK2pLm9Rt4Vn8Wk3Hj6Bf1Zx8Qp2)'), ['stripe-key']);
      assert.deepEqual(kinds("const stripe = require('stripe')('sk_test_4eC39HqLyjWDarjtT1zdp7dc');"), ['stripe-key']);
      assert.deepEqual(found(`https://maps.googleapis.com/maps/api/js?key=${GOOGLE}&callback=init`), [GOOGLE]);
    });

    it('flags npm tokens, and .npmrc auth entries', () => {
      const npm = 'npm_fud0tElvBOjwIXeXyCnFqfLsqmxjtAVHdxqC';
      assert.deepEqual(kinds(`//registry.npmjs.org/:_authToken=${npm}`), ['npm-token']);
      assert.deepEqual(found('//npm.pkg.github.internal/orders-team/packages/:_authToken=9f8a7b6c5d4e3f2a1b0c'), ['9f8a7b6c5d4e3f2a1b0c']);
      assert.deepEqual(found('//registry.npmjs.org/:_authToken=${NPM_TOKEN}'), []);
    });

    it('masks only the secret path of a Slack webhook URL', () => {
      const url = 'https://hooks.slack.com/services/T024BE7LD/B01ABCDEF12/aB3dE5fG7hJ9kL1mN3pQ5rS7';
      const f = only(`SLACK_WEBHOOK_URL=${url}`);
      assert.equal(f.kind, 'slack-webhook');
      assert.equal(redact(url, findSecrets(url)), 'https://hooks.slack.com/services/<redacted: Slack webhook URL>');
    });

    it('ignores stand-ins and publishable keys', () => {
      assert.deepEqual(found('SLACK_TOKEN=xoxb-xxxxxxxxxxxx-xxxxxxxxxxxx'), []);
      assert.deepEqual(found('https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'), []);
      assert.deepEqual(found('const stripe = Stripe("pk_live_51HqK2pLm9Rt4Vn8Wk3Hj6Bf1Zx8Qp2");'), []);
      assert.deepEqual(found('ghp_ alone, or ghp_short1234'), []);
    });
  });

  describe('private keys', () => {
    it('masks the whole PEM block, headers included, across lines', () => {
      const block = pemBlock('RSA PRIVATE KEY');
      const text = `# deploy key\nconst key = \`\n${block}\n\`;\n`;
      const f = only(text);
      assert.equal(f.kind, 'private-key');
      assert.equal(text.slice(f.start, f.end), block);
      assert.equal(f.line, 2);
      assert.equal(f.preview, '-----BEGIN RSA PRIVATE KEY-----…');
    });

    it('knows EC, OPENSSH, PKCS#8, encrypted and PGP keys', () => {
      for (const label of ['EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PGP PRIVATE KEY BLOCK']) {
        assert.deepEqual(kinds(pemBlock(label)), ['private-key'], label);
      }
    });

    it('masks a key whose END line was not selected to the end of the text', () => {
      const block = pemBlock('PRIVATE KEY');
      const truncated = block.slice(0, block.length - 60);
      assert.deepEqual(found(truncated), [truncated]);
    });

    it('handles a key inside a JSON string with escaped newlines (service-account files)', () => {
      const escaped = pemBlock('PRIVATE KEY').replace(/\n/g, '\\n');
      const text = `{"type": "service_account", "private_key": "${escaped}\\n", "client_email": "bot@proj.iam.gserviceaccount.com"}`;
      assert.deepEqual(found(text), [escaped]);
    });

    it('ignores public keys, certificates and elided examples', () => {
      assert.deepEqual(found(pemBlock('PUBLIC KEY')), []);
      assert.deepEqual(found(pemBlock('CERTIFICATE')), []);
      assert.deepEqual(found('-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----'), []);
    });
  });

  describe('JWTs', () => {
    it('flags a signed token whose header decodes to JSON with alg', () => {
      const f = only(`headers: { Authorization: \`Bearer ${JWT}\` }`);
      assert.equal(f.kind, 'jwt');
      assert.equal(f.confidence, 'high');
      assert.equal(f.preview, 'eyJh…');
    });

    it('rates an unsigned (alg none) token low', () => {
      const unsigned = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.';
      assert.equal(only(`t = "${unsigned}"`).confidence, 'low');
    });

    it('ignores three dotted parts whose header is not a JOSE header', () => {
      assert.deepEqual(found('eyJmb28iOiJiYXIifQ.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijkl'), []); // {"foo":"bar"}
      assert.deepEqual(found('import x from "eyJunk.notAToken.atAll12345"'), []);
    });
  });

  describe('assignments', () => {
    it('masks only the value, in every common syntax', () => {
      const cases: [string, string][] = [
        ['password = "hunter22"', 'hunter22'],
        ["let token = 'tok_9f8a7b6c5d4e';", 'tok_9f8a7b6c5d4e'],
        ['"apiKey": "a8Fj2kLm9QwErTy7UiOp3ZxCv"', 'a8Fj2kLm9QwErTy7UiOp3ZxCv'],
        ['SECRET_KEY: s3cr3tValue!', 's3cr3tValue!'],
        ['DB_PASSWORD=Tr0ub4dor&3x', 'Tr0ub4dor&3x'],
        ['DB_PASSWORD=Tr0ub4dor&3x # rotated', 'Tr0ub4dor&3x'],
        ['export DB_PASSWORD=Tr0ub4dor3', 'Tr0ub4dor3'],
        ['  password: S3cure-Pa55', 'S3cure-Pa55'],
        ["$password = 'hunter22';", 'hunter22'],
        ['String password = "hunter22";', 'hunter22'],
        ['password := "hunter22"', 'hunter22'],
        [":password => 'hunter22'", 'hunter22'],
        ["'password' => 'hunter22',", 'hunter22'],
        ["config['client_secret'] = 'cs_8f7e6d5c4b3a'", 'cs_8f7e6d5c4b3a'],
        ['password: str = "hunter22"', 'hunter22'],
        ['db = connect(host="db", password="hunter22")', 'hunter22'],
        ['<password>hunter22</password>', 'hunter22'],
        ['<add key="ApiKey" value="x" /><connectionString>Server=db;User Id=sa;Password=Sup3rS3cret;</connectionString>', 'Sup3rS3cret'],
        ['mysql --user=root --password hunter22 shop', 'hunter22'],
        ['user.setPassword("hunter22");', 'hunter22'],
        ['os.Setenv("API_TOKEN", "tok_12345678abc")', 'tok_12345678abc'],
        ['GET /v1/items?api_key=k3y9f8a7b6c5d4e3&page=2', 'k3y9f8a7b6c5d4e3'],
        ['curl -H "Authorization: Basic dXNlcjpwYXNzd29yZA==" https://api.internal', 'dXNlcjpwYXNzd29yZA=='],
        ['Authorization: Bearer 7f3kq9x2m4p8r1t6w0y5z3c7', '7f3kq9x2m4p8r1t6w0y5z3c7'],
        ['{\\"password\\":\\"hunter22\\"}', 'hunter22'],
      ];
      for (const [text, secret] of cases) {
        assert.deepEqual(found(text), [secret], text);
      }
    });

    it('labels the finding after the name', () => {
      assert.equal(only('password = "hunter22"').label, 'Password');
      assert.equal(only('"apiKey": "a8Fj2kLm9QwErTy7UiOp3ZxCv"').label, 'API key');
      assert.equal(only("let token = 'tok_9f8a7b6c5d4e';").label, 'Token');
      assert.equal(only('SECRET_KEY: s3cr3tValue!').label, 'Secret key');
      assert.equal(only('password = "hunter22"').kind, 'password-assignment');
    });

    it('skips placeholders, lookups and expressions', () => {
      const cases = [
        'password = ""',
        "password = ''",
        'let token = `${TOKEN}`',
        'password: ${DB_PASSWORD}',
        'password: "{{ vault_db_password }}"',
        'const password = process.env.DB_PASSWORD;',
        'password = os.environ["DB_PASSWORD"]',
        'api_key = "<your-key-here>"',
        'API_KEY=<your-api-key>',
        'password: changeme',
        'password = "xxxxxxxx"',
        'SECRET_KEY = "********"',
        'password: example',
        'token = "your_token_here"',
        'password = getPassword()',
        'conn = connect(password=pw)',
        'const opts = {\n  password: pwd,\n  user,\n};',
        'password: null',
        'if (password === "") return;',
        'PWD=/home/me/project',
        '<label for="password">Password</label>',
        'const label = { password: "Forgot your password?" };',
        'REFRESH_TOKEN: "RefreshToken",',
        'const TOKEN_URL = "/oauth2/v2.0/token";',
        'password_min_length = 12',
        'token_type: bearer',
        'max_tokens: 4096',
        "password: '[type=password]'",
        'allPass: "overEvery"',
        't.pass("saturated")',
        'const token = getToken("GetTokenPopup", e);',
        'return new Token("link_open", "a", 1);',
      ];
      for (const text of cases) assert.deepEqual(found(text), [], text);
    });
  });

  describe('connection strings', () => {
    it('masks only the password of a URL with credentials', () => {
      const cases: [string, string][] = [
        ['postgres://user:pass@host/db', 'pass'],
        ['DATABASE_URL=postgresql://app:S3cr3t%21@db.internal:5432/shop', 'S3cr3t%21'],
        ['mysql://root:r00tpw@127.0.0.1:3306/app', 'r00tpw'],
        ['MONGO_URI="mongodb+srv://admin:m0ng0Pass@cluster0.ab12c.mongodb.net/prod?retryWrites=true"', 'm0ng0Pass'],
        ['mongodb://svc:pw123@h1:27017,h2:27017/db?replicaSet=rs0', 'pw123'],
        ['redis://:r3disPass@cache:6379/0', 'r3disPass'],
        ['amqp://guest:Gu3st!pw@rabbit:5672/', 'Gu3st!pw'],
        ['git clone https://deploy:Pa55w0rd@git.internal/team/repo.git', 'Pa55w0rd'],
      ];
      for (const [text, secret] of cases) assert.deepEqual(found(text), [secret], text);
      assert.equal(only('postgres://user:pass@host/db').kind, 'connection-string');
    });

    it('ignores URLs without a password and templated passwords', () => {
      const cases = [
        'https://github.com/lore-team/lore/blob/main/README.md',
        'postgres://user@host/db',
        'https://host:8443/path?q=1',
        'mongodb+srv://admin:${MONGO_PASSWORD}@cluster0.mongodb.net',
        'postgres://user:<password>@host/db',
        'redis://:@cache:6379',
        'see https://example.com/@user and git@github.com:org/repo.git',
        'new URL("https://abc:xyz@example.com")',
      ];
      for (const text of cases) assert.deepEqual(found(text), [], text);
    });
  });

  describe('high-entropy strings', () => {
    it('flags random-looking literals and config values', () => {
      assert.deepEqual(kinds(`const signingMaterial = "${RANDOM_40}";`), ['high-entropy']);
      assert.deepEqual(kinds(`WEBHOOK_SIGNATURE=${RANDOM_40}`), ['high-entropy']);
      assert.deepEqual(kinds("x = 'Zx8Qp2Lm7Rt4Vn9Wk3Hj6Bf1'"), ['high-entropy']);
    });

    it('reads files with Windows line endings', () => {
      const text = `NODE_ENV=production\r\nWEBHOOK_SIGNATURE=${RANDOM_40}\r\nDB_PASSWORD=hunter22\r\n`;
      assert.deepEqual(found(text), [RANDOM_40, 'hunter22']);
      assert.deepEqual(findSecrets(text).map((f) => f.line), [1, 2]);
    });

    it('ignores hashes, ids, images, identifiers and paths', () => {
      const cases = [
        '"integrity": "sha512-7Z0e0mJXvvP2j5hO3FzbqvG0T4Y0t5k3rD3wE7V1Qf0vHc3cP2gI9q1u0k3p5HqYb1v2jE0dV5kY7G0oZ5gYw==",',
        '"resolved": "https://registry.npmjs.org/lunr/-/lunr-2.3.9.tgz",',
        'commit = "9fceb02d0ae598e95dc970b74767f19372d61af8"',
        'const digest = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";',
        'const id = "550e8400-e29b-41d4-a716-446655440000";',
        'const logo = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";',
        'const color = "#1e90ff"; const bg = "#FFAABB";',
        'const name = "getUserAccountSettingsForOrganization2";',
        'const key = "Wrap_in_JSX_fragment_95120";',
        'import x from "node_modules/some-package/dist/index2";',
        'const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";',
        `"version": "${RANDOM_40}"`,
      ];
      for (const text of cases) assert.deepEqual(found(text), [], text);
    });

    it('measures entropy in bits per character', () => {
      assert.equal(shannonEntropy(''), 0);
      assert.equal(shannonEntropy('aaaa'), 0);
      assert.equal(shannonEntropy('abcd'), 2);
    });
  });

  describe('placeholders', () => {
    it('recognises common stand-ins but not real-looking values', () => {
      for (const v of ['', '   ', '${PASSWORD}', '{{ secret }}', '<your-key-here>', 'changeme', 'xxxxx', 'example', '********', 'process.env.X', '%(password)s']) {
        assert.equal(isPlaceholderValue(v), true, v);
      }
      for (const v of ['hunter22', 'Tr0ub4dor&3', RANDOM_40]) assert.equal(isPlaceholderValue(v), false, v);
    });
  });

  describe('positions and previews', () => {
    const text = [
      '# settings for the staging box',
      'DB_HOST=db.staging',
      `DB_PASSWORD=hunter22`,
      `AWS_KEY=${AWS_ID}  # rotated monthly`,
      '',
      `\tconst t = "${GITHUB}";`,
    ].join('\n');

    it('reports offsets, 0-based lines and columns of the value only', () => {
      const findings = findSecrets(text);
      assert.deepEqual(
        findings.map((f) => [f.kind, f.line, f.column, text.slice(f.start, f.end)]),
        [
          ['password-assignment', 2, 12, 'hunter22'],
          ['aws-access-key', 3, 8, AWS_ID],
          ['github-token', 5, 12, GITHUB],
        ],
      );
      for (const f of findings) assert.equal(text.split('\n')[f.line].slice(f.column, f.column + (f.end - f.start)), text.slice(f.start, f.end));
    });

    it('never puts the secret in the preview and shows at most a quarter of it', () => {
      for (const f of findSecrets(text)) {
        const secret = text.slice(f.start, f.end);
        assert.ok(f.preview.endsWith('…'));
        const shown = f.preview.slice(0, -1);
        assert.ok(secret.startsWith(shown));
        assert.ok(shown.length <= Math.max(0, Math.floor(secret.length / 4)) && shown.length <= 4, f.preview);
        assert.ok(!JSON.stringify(f).includes(secret), 'a finding must not carry the secret');
      }
      assert.equal(only('password = "hunter22"').preview, 'hu…');
      assert.equal(only(`k=${AWS_ID}`).preview, 'AKIA…');
    });

    it('gives each finding an id unique within the text', () => {
      const ids = findSecrets(text).map((f) => f.id);
      assert.equal(new Set(ids).size, ids.length);
    });
  });

  describe('overlapping detectors', () => {
    it('keeps the most specific finding when several claim the same value', () => {
      assert.deepEqual(kinds(`password = "${GITHUB}"`), ['github-token']);
      assert.deepEqual(kinds(`api_key: "${GOOGLE}"`), ['google-api-key']);
      assert.deepEqual(kinds(`token = "${JWT}"`), ['jwt']);
      assert.deepEqual(kinds(`https://x-access-token:${GITHUB}@github.com/org/repo.git`), ['github-token']);
      assert.deepEqual(kinds(`Authorization: Bearer ${JWT}`), ['jwt']);
    });

    it('a token assigned to a secret name keeps the token\'s kind and still vouches for a client id beside it', () => {
      const id = `web-frontend-${fake(HEX, 16, 90)}`;
      const findings = findSecrets(`client_id = "${id}"\nclient_secret = "${GITHUB}"`);
      assert.deepEqual(
        findings.map((f) => [f.kind, f.label]),
        [
          ['password-assignment', 'Client ID'],
          ['github-token', 'GitHub token'],
        ],
      );
      assert.deepEqual(found(`client_id = "${id}"`), [], 'an ordinary-looking id alone stays');
    });

    it('finds random literals and config values wherever they sit on a line', () => {
      const a = fake(ALNUM, 32, 91);
      const b = fake(ALNUM, 32, 92);
      assert.deepEqual(found(`SESSION_SEED=${a}\nconst seeds = ["${a}", '${b}'];`), [a, a, b]);
      assert.deepEqual(found(`const pair = {first: "${a}", second: "${b}"};`), [a, b]);
      assert.deepEqual(found(`CACHE_SEED_X=${a}\nCACHE_SEED_Y = ${b}`), [a, b]);
    });

    it('finds every webhook URL, after mentions of the host that are not one', () => {
      const discord = `https://discordapp.com/api/webhooks/123456789012345678/${fake(B64URL, 68, 93)}`;
      const teams = `https://contoso.webhook.office.com/webhookb2/${fake(ALNUM, 60, 94)}`;
      const slack = `https://hooks.slack.com/services/T024BE7LD/B01ABCDEF12/${fake(ALNUM, 24, 95)}`;
      const text = `see discord.com/api/webhooks/ docs and hooks.slack.com/ notes\nA=${discord}\nB=${teams}\nC=${slack} D=${slack}`;
      assert.deepEqual(kinds(text), ['api-token', 'api-token', 'slack-webhook', 'slack-webhook']);
      assert.deepEqual(found(text), [discord.slice(discord.lastIndexOf('/') + 1), teams.slice(teams.lastIndexOf('/webhookb2/') + 11), slack.slice(33), slack.slice(33)]);
    });

    it('reports a private key once, not also the random lines inside it', () => {
      assert.equal(findSecrets(`private_key = """${pemBlock('RSA PRIVATE KEY')}"""`).length, 1);
    });
  });

  describe('long input', () => {
    it('finishes on a 1 MB minified line and still finds the secret in it', () => {
      const chunk = 'function(e,t){var n=e.key||"default",r=t.token;return n.password=r,{apiKey:e,auth:!0}};var a=Object.keys(o);';
      const half = chunk.repeat(Math.ceil(512 * 1024 / chunk.length));
      const line = `${half}var k="${AWS_ID}";${half}`;
      assert.ok(line.length >= 1024 * 1024);
      assert.deepEqual(found(line), [AWS_ID]);
    });

    it('reports lines and columns far into a long text, whatever order the findings come in', () => {
      const filler = 'const total = items.reduce((sum, item) => sum + item.price, 0);\n'.repeat(2000);
      const text = `${filler}password = "hunter22"\n${filler}k = "${AWS_ID}"\n`;
      const lines = text.split('\n');
      assert.deepEqual(
        findSecrets(text).map((f) => [f.line, f.column, lines[f.line].slice(f.column, f.column + f.end - f.start)]),
        [
          [2000, 12, 'hunter22'],
          [4001, 5, AWS_ID],
        ],
      );
    });

    it('finishes on a 1 MB base64 blob without newlines', () => {
      const bytes = Uint8Array.from({ length: 768 * 1024 }, (_, i) => (i * 2654435761) >>> 24);
      const blob = `const font = "data:font/woff2;base64,${Buffer.from(bytes).toString('base64')}";`;
      assert.ok(blob.length >= 1024 * 1024);
      assert.deepEqual(found(blob), []);
    });
  });
});

/** Deterministic random characters for fake credentials: the same fake on every run, never a real key. */
function fake(alphabet: string, length: number, seed: number): string {
  let x = seed >>> 0 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += alphabet[(x >>> 0) % alphabet.length];
  }
  return out;
}
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64URL = `${ALNUM}_-`;
const HEX = '0123456789abcdef';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A JWT whose header is exactly 40 base64url characters, so the header alone is shaped like an AWS secret key. */
function jwtWithFortyCharHeader(): string {
  const short = Buffer.from('{"alg":"HS256","kid":"k7Zq2X"}').toString('base64url');
  assert.equal(short.length, 40);
  const payload = Buffer.from('{"sub":"user_4815162342","scope":"orders:write"}').toString('base64url');
  return `${short}.${payload}.${fake(B64URL, 43, 7)}`;
}

describe('findSecrets: misses found on unseen text', () => {
  describe('overlapping findings mask the union of what they cover', () => {
    it('masks a whole JWT whose 40-character header also looks like an AWS secret key', () => {
      const jwt = jwtWithFortyCharHeader();
      for (const text of [`aws_session_token=${jwt}`, `export AWS_SECRET_TOKEN="${jwt}"`, `secret: ${jwt}`]) {
        assert.deepEqual(found(text), [jwt], text);
        assert.ok(!redact(text, findSecrets(text)).includes(jwt.slice(41)), text);
      }
    });

    it('masks a vendor token to the end of its run, not where the documented length stops', () => {
      const tail = `${GITHUB}-${fake(ALNUM, 12, 3)}`;
      assert.deepEqual(found(`const t = "${tail}";`), [tail]);
      const long = `ghp_${fake(ALNUM, 300, 4)}`; // longer than any documented GitHub token
      assert.deepEqual(found(`GH_TOKEN=${long}`), [long]);
      const dotted = `${AWS_ID}.${fake(ALNUM, 10, 5)}`;
      assert.deepEqual(found(`key: ${dotted}`), [dotted]);
      assert.deepEqual(found(`Rotate ${GITHUB}. Then redeploy.`), [GITHUB]); // a full stop after the token is not part of it
    });

    it('joins findings that touch into one marker', () => {
      const value = `${GITHUB}${fake(ALNUM, 8, 6)}%21`;
      const text = `password = "${value}"`;
      assert.deepEqual(found(text), [value]);
      assert.equal(redact(text, findSecrets(text)), 'password = "<redacted: GitHub token>"');
    });
  });

  describe('provider key formats', () => {
    const tokens: [string, string][] = [
      ['SendGrid', `SG.${fake(B64URL, 22, 11)}.${fake(B64URL, 43, 12)}`],
      ['Slack', `xoxp-${fake('0123456789', 12, 13)}-${fake('0123456789', 12, 14)}-${fake('0123456789', 13, 15)}-${fake(HEX, 32, 16)}`],
      ['Slack', `xoxe.xoxp-1-${fake(UPPER_DIGITS, 160, 17)}`],
      ['Stripe', `sk_live_${fake(ALNUM, 99, 18)}`],
      ['Stripe', `whsec_${fake(ALNUM, 32, 19)}`],
      ['Twilio', `SK${fake(HEX, 32, 20)}`],
      ['Mailgun', `key-${fake(HEX, 32, 21)}`],
      ['npm', `npm_${fake(ALNUM, 36, 22)}`],
      ['PyPI', `pypi-AgEIcHlwaS5vcmc${fake(B64URL, 70, 23)}`],
      ['GitLab', `glpat-${fake(B64URL, 20, 24)}`],
      ['GitLab', `glrt-${fake(B64URL, 20, 25)}`],
      ['GitHub', `github_pat_11${fake(UPPER_DIGITS, 20, 26)}_${fake(ALNUM, 59, 27)}`],
      ['Google', `AIza${fake(B64URL, 35, 28)}`],
      ['Google', `GOCSPX-${fake(B64URL, 28, 29)}`],
      ['OpenAI', `sk-proj-${fake(B64URL, 120, 30)}`],
      ['OpenAI', `sk-${fake(ALNUM, 20, 31)}T3BlbkFJ${fake(ALNUM, 20, 32)}`],
      ['Anthropic', `sk-ant-api03-${fake(B64URL, 93, 33)}AA`],
      ['Shopify', `shpat_${fake(HEX, 32, 34)}`],
      ['DigitalOcean', `dop_v1_${fake(HEX, 64, 35)}`],
      ['Heroku', `HRKU-AA${fake(B64URL, 58, 36)}`],
      ['Databricks', `dapi${fake(HEX, 32, 37)}`],
      ['Vault', `hvs.${fake(B64URL, 90, 38)}`],
      ['Terraform', `${fake('abcdefghijklmnopqrstuvwxyz0123456789', 14, 39)}.atlasv1.${fake(B64URL, 67, 40)}`],
      ['Doppler', `dp.pt.${fake(ALNUM, 43, 41)}`],
      ['Postman', `PMAK-${fake(HEX, 24, 42)}-${fake(HEX, 34, 43)}`],
      ['Linear', `lin_api_${fake(ALNUM, 40, 44)}`],
      ['Hugging Face', `hf_${fake('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 34, 45)}`],
      ['Azure', `${fake(ALNUM, 3, 46)}8Q~${fake(`${ALNUM}_~.-`, 30, 47)}x${fake(ALNUM, 3, 48)}`],
      ['Grafana', `glsa_${fake(ALNUM, 32, 49)}_${fake(HEX, 8, 50)}`],
      ['Docker', `dckr_pat_${fake(B64URL, 27, 51)}`],
      ['Atlassian', `ATATT3xFfGF0${fake(B64URL, 180, 52)}`],
      ['age', `AGE-SECRET-KEY-1${fake('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58, 53)}`],
    ];

    for (const [provider, token] of tokens) {
      it(`masks a ${provider} key whole (${token.slice(0, 8)}…)`, () => {
        for (const text of [`TOKEN=${token}`, `  "credential": "${token}",`, `curl -H "X-Key: ${token}" https://api.internal`, `see ${token} here`]) {
          assert.deepEqual(found(text), [token], text);
        }
      });
    }

    it('names the provider in the label', () => {
      assert.equal(only(`x = "SG.${fake(B64URL, 22, 11)}.${fake(B64URL, 43, 12)}"`).label, 'SendGrid API key');
      assert.equal(only(`x = "dop_v1_${fake(HEX, 64, 35)}"`).label, 'DigitalOcean token');
    });

    it('counts random dotted values as high-entropy, not file names, hosts, versions or dotted names', () => {
      const dotted = `${fake(ALNUM, 24, 60)}.${fake(ALNUM, 30, 61)}`;
      assert.deepEqual(found(`const signing = "${dotted}";`), [dotted]);
      for (const text of [
        'import "./static/js/main.3f9a7c2e8b1d4f6a.chunk.js";',
        'const host = "ec2-54-12-34-56.eu-west-1.compute.amazonaws.com";',
        'const version = "1.22.3-beta.4+build.20240601";',
        'const cls = "com.example.orders.OrderRepositoryImpl";',
        'const mapbox = "pk.eyJ1IjoibG9yZS10ZWFtIiwiYSI6ImNsdjk4eHl6MDBhYmMya3BsIn0.Qk3LmZ8xYtRv2W9nB4cD1e";',
        'const file = "Screenshot_2024-06-01_at_12.34.56_PM.png";',
      ]) {
        assert.deepEqual(found(text), [], text);
      }
    });
  });

  describe('assignments', () => {
    it('masks a client id that looks random or sits next to its secret, never an ordinary id', () => {
      const id = `Iv1.${fake(HEX, 16, 70)}`;
      const secret = fake(HEX, 40, 71);
      assert.deepEqual(found(`client_id = "${id}"\nclient_secret = "${secret}"`), [id, secret]);
      const randomId = fake(ALNUM, 24, 72);
      assert.deepEqual(found(`OAUTH_CLIENT_ID=${randomId}`), [randomId]);
      assert.deepEqual(found(`"appId": "${randomId}"`), [randomId]);
      for (const text of [
        'user_id = 42',
        `client_id = "${fake(HEX, 20, 73)}"`, // hex id alone: nothing secret next to it
        'client_id: web-frontend',
        'const orderId = "ord_2024_000123";',
        `tenant_id = "550e8400-e29b-41d4-a716-446655440000"\nclient_secret = "${secret}"`,
        `client_id = "550e8400-e29b-41d4-a716-446655440000"\nclient_secret = "${secret}"`,
        'session_id = "abc"',
      ]) {
        const findings = found(text);
        assert.ok(!findings.some((f) => f.includes('550e8400') || f === '42' || f === 'web-frontend' || f.startsWith('ord_') || f === 'abc'), `${text}: ${findings}`);
        if (!text.includes('secret')) assert.deepEqual(findings, [], text);
      }
    });

    it('masks a generated value assigned to a bare key, not a word or a path', () => {
      const value = fake(ALNUM, 32, 80);
      assert.deepEqual(found(`key = "${value}"`), [value]);
      assert.deepEqual(found(`KEY=${value}`), [value]);
      assert.deepEqual(found(`{"key": "${fake(HEX, 64, 81)}"}`), [fake(HEX, 64, 81)]);
      for (const text of ['key: "user-settings"', 'key={item.id}', 'const key = "orders:42:summary";', 'key: login.title.text', '<li key="row-12">', 'key = "sidebar_collapsed_v2"']) {
        assert.deepEqual(found(text), [], text);
      }
    });

    it('masks unquoted values that start with a symbol, not YAML aliases, tags or variables', () => {
      for (const value of ['%Tr0ub4dor', '!Pa55word', '@dm1n-2024', '*Sup3r*Secret', '~H0me-Run9', '&Amp3rsand!']) {
        assert.deepEqual(found(`DB_PASSWORD=${value}`), [value], value);
        assert.deepEqual(found(`password: ${value}`), [value], value);
      }
      for (const text of ['password: *db_password', 'password: &pw', 'password: !Ref DbPassword', 'password: ~', 'password: $DB_PASSWORD', 'password: @db_password']) {
        assert.deepEqual(found(text), [], text);
      }
    });

    it('masks the value of a name/value pair whose name is a secret (Kubernetes env, Terraform SSM, JSON)', () => {
      const hex = fake(HEX, 32, 85);
      const cases: [string, string[]][] = [
        ['env:\n  - name: DB_PASSWORD\n    value: hunter22\n  - name: LOG_LEVEL\n    value: debug', ['hunter22']],
        [`resource "aws_ssm_parameter" "datadog" {\n  name  = "/orders/datadog/api-key"\n  type  = "SecureString"\n  value = "${hex}"\n}`, [hex]],
        ['[{"name": "API_TOKEN",\n  "value": "tok_9f8a7b6c5d4e3f2a"}]', ['tok_9f8a7b6c5d4e3f2a']],
        ['- name: STRIPE_KEY\n  valueFrom:\n    secretKeyRef: {name: stripe, key: api}', []],
        ['- name: PASSWORD_MIN_LENGTH\n  value: "12"', []],
      ];
      for (const [text, secrets] of cases) assert.deepEqual(found(text), secrets, text);
    });

    it('masks dotted passwords but not dotted references', () => {
      for (const value of ['hunter.two', 'Summer.2024', 'c0rrect.h0rse']) {
        assert.deepEqual(found(`password = "${value}"`), [value], value);
        assert.deepEqual(found(`password: ${value}`), [value], value);
        assert.deepEqual(found(`DB_PASSWORD=${value}`), [value], value);
      }
      assert.deepEqual(found('password = "a.b"'), ['a.b']);
      assert.deepEqual(found('password = Summer.2024'), ['Summer.2024']);
      for (const text of [
        'password = config.db.password',
        'password = var.db_password',
        'password = settings.DB_PASSWORD',
        'password: secrets.prod.db_pass',
        'password = opts?.auth?.pw',
        'password = form.data',
        'password = user_input.strip',
      ]) {
        assert.deepEqual(found(text), [], text);
      }
    });
  });

  describe('connection strings', () => {
    it('masks the whole password when it holds an unencoded # or @', () => {
      const cases: [string, string][] = [
        ['postgres://user:p@ss#w0rd@host/db', 'p@ss#w0rd'],
        ['DATABASE_URL=mysql://app:S3c#r3t@db.internal:3306/shop', 'S3c#r3t'],
        ['mongodb://admin:m0ng0@Pass@cluster0.ab12c.mongodb.net/prod?retryWrites=true', 'm0ng0@Pass'],
        ['redis://:r3dis#P@ss?@cache:6379/0', 'r3dis#P@ss?'],
      ];
      for (const [text, secret] of cases) {
        assert.deepEqual(found(text), [secret], text);
        assert.equal(redact(text, findSecrets(text), { placeholder: () => '***' }), text.replace(secret, '***'));
      }
    });

    it('does not take a port, query or fragment for a password', () => {
      for (const text of ['https://host:8443?next=a@b.example', 'https://host:8443/#/users/@me', 'https://docs.internal/page?user=a:b@c', 'https://abc:xyz@example.com#top']) {
        assert.deepEqual(found(text), [], text);
      }
    });
  });

  describe('look-alikes stay as written', () => {
    it('ignores digests, SRI, UUIDs, git SHAs, colours, data URIs and base64 of ordinary text', () => {
      const sri = `sha384-${Buffer.from(fake(ALNUM, 48, 90)).toString('base64')}`;
      const cases = [
        `<script src="https://cdn.example.net/lib.js" integrity="${sri}" crossorigin="anonymous"></script>`,
        'resolved "https://registry.yarnpkg.com/lunr/-/lunr-2.3.9.tgz#1a7b1c6f"\n  integrity sha512-zTU3DaZaF3Rt9rhN3uBMGQD3dD2/vFQqnvZCDv4dl5iOzq2IZQqTxu90r4E5J+nP70J3ilqVCrbho2eWaeW8Gg==',
        'commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nMerge: 9fceb02 d6cd1e2',
        'const id = "123e4567-e89b-12d3-a456-426614174000";',
        'const accent = "#4f46e5"; const border = "rgba(0, 0, 0, 0.12)"; const bg = "#FFAABBCC";',
        `background: url("data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><path d="M0 0h16v16H0z"/></svg>').toString('base64')}");`,
        `const greeting = "${Buffer.from('Hello from the orders team, welcome aboard!').toString('base64')}";`,
        'etag: "W/\\"5e8f2b1c9d3a7f6e4b2c1d0a9f8e7d6c\\""',
        'const sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";',
        '"sha512": "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"',
        'pip install requests==2.31.0 --hash=sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f',
        'const buttonClass = "sk-button-primary-large-rounded-outline";',
        'const pattern = "patternMatcherForOrderLineItems2024";',
        'SKU = "SKU-2024-ORDERS-00042"',
        'const keyName = "key-value-store-primary-region-1";',
        'const path = "/api/v1/orders/3f9a7c2e8b1d4f6a0c5e9b2d7f1a4c8e/items";',
      ];
      for (const text of cases) assert.deepEqual(found(text), [], text);
    });
  });
});

describe('labelled corpus (test/fixtures/redaction)', () => {
  const dir = join(__dirname, '..', 'fixtures', 'redaction');
  const labels = (JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as { files: Record<string, string[]> }).files;
  const read = (file: string): string => readFileSync(join(dir, file), 'utf8');

  it('finds nothing in lockfiles, HTML with data-URI images, or git history', () => {
    const clean = Object.keys(labels).filter((file) => labels[file].length === 0);
    assert.ok(clean.includes('package-lock.json') && clean.includes('emailTemplate.html'));
    for (const file of clean) assert.deepEqual(found(read(file)), [], file);
  });

  it('masks every labelled secret whole', () => {
    for (const [file, secrets] of Object.entries(labels)) {
      const text = read(file);
      const findings = findSecrets(text);
      for (const secret of secrets) {
        const at = text.indexOf(secret);
        const covered = findings.some((f) => f.start <= at && f.end >= at + secret.length);
        assert.ok(covered, `${file}: ${secret.slice(0, 16)}…`);
      }
      assert.ok(!/<redacted: [^>]*>/.test(text), 'fixtures contain no markers themselves');
      for (const secret of secrets) assert.ok(!redact(text, findings).includes(secret), `${file}: ${secret.slice(0, 16)}…`);
    }
  });
});

describe('redact', () => {
  const text = `AWS_KEY=${AWS_EXAMPLE_ID}\nDB_PASSWORD=hunter22\nDATABASE_URL=postgres://app:pass@db/shop\n`;

  it('replaces each finding with a readable marker and leaves the rest as written', () => {
    assert.equal(
      redact(text, findSecrets(text)),
      'AWS_KEY=<redacted: AWS access key>\nDB_PASSWORD=<redacted: Password>\nDATABASE_URL=postgres://app:<redacted: Password in connection string>@db/shop\n',
    );
  });

  it('returns the text unchanged when there is nothing to redact', () => {
    assert.equal(redact('', []), '');
    assert.equal(redact('plain text', []), 'plain text');
    assert.equal(redact('plain text', findSecrets('plain text')), 'plain text');
  });

  it('takes a custom marker', () => {
    assert.equal(redact(text, findSecrets(text), { placeholder: () => '***' }), 'AWS_KEY=***\nDB_PASSWORD=***\nDATABASE_URL=postgres://app:***@db/shop\n');
  });

  it('redacts only the findings the user kept ticked', () => {
    const findings = findSecrets(text);
    const withoutPassword = findings.filter((f) => f.label !== 'Password').map((f) => f.id);
    const out = redactAccepted(text, findings, withoutPassword);
    assert.ok(out.includes('DB_PASSWORD=hunter22'));
    assert.ok(!out.includes(AWS_EXAMPLE_ID));
    assert.ok(out.includes('<redacted: Password in connection string>'));
    assert.equal(redactAccepted(text, findings, []), text);
    assert.equal(redactAccepted(text, findings, (f) => f.kind === 'aws-access-key'), text.replace(AWS_EXAMPLE_ID, '<redacted: AWS access key>'));
  });

  it('merges overlapping findings into one marker', () => {
    const line = `secret=${RANDOM_40}`;
    const auto = findSecrets(line);
    const mine = manualFinding(line, 3, 12);
    assert.equal(redact(line, [...auto, mine]), `sec<redacted: Secret>`);
    const a = manualFinding('abcdefghij', 1, 5, 'Token');
    const b = manualFinding('abcdefghij', 3, 8, 'Token');
    assert.equal(redact('abcdefghij', [b, a]), 'a<redacted: Token>ij');
    assert.equal(redact('abcdefghij', [a, manualFinding('abcdefghij', 4, 6, 'Password')]), 'a<redacted: Token, Password>ghij');
  });

  it('lets the user add a finding detection missed', () => {
    const snippet = 'const pin = 4921;';
    const f = manualFinding(snippet, 12, 16);
    assert.equal(f.line, 0);
    assert.equal(f.preview, '4…');
    assert.equal(redact(snippet, [f]), 'const pin = <redacted: Secret>;');
  });

  it('refuses findings that do not fit the text, because the snippet changed after checking', () => {
    const findings = findSecrets(text);
    assert.throws(() => redact(text.slice(0, 20), findings), (e: unknown) => e instanceof LoreError && /changed/.test(e.message));
  });
});
