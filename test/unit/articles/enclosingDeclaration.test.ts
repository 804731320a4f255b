import { strict as assert } from 'node:assert';
import { enclosingDeclaration } from '../../../src/core/articles/enclosingDeclaration';

/** The 0-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(index >= 0, needle);
  return index;
}

const cases: Array<{ language: string; text: string; at: string; expected: string | undefined }> = [
  {
    language: 'python method',
    text: 'import os\n\nclass PaymentService:\n    """Payments."""\n\n    def charge(self, amount):\n        if amount <= 0:\n            raise ValueError("amount")\n        return self.gateway.charge(amount)\n',
    at: 'raise ValueError',
    expected: 'PaymentService > charge',
  },
  { language: 'python function, selection on the def line', text: 'def refund(order):\n    return order.total\n', at: 'def refund', expected: 'refund' },
  { language: 'python async def', text: 'async def fetch(url):\n    async with session.get(url) as r:\n        return await r.text()\n', at: 'return await', expected: 'fetch' },
  { language: 'go method', text: 'package main\n\nfunc (s *Store) Add(u User) error {\n\tif u.Name == "" {\n\t\treturn errEmpty\n\t}\n\treturn nil\n}\n', at: 'return errEmpty', expected: 'Add' },
  { language: 'rust impl', text: 'impl Cache {\n    pub fn get(&self, k: &str) -> Option<&V> {\n        self.map.get(k)\n    }\n}\n', at: 'self.map.get', expected: 'Cache > get' },
  { language: 'java method', text: 'public class OrderService {\n    public Order place(Cart cart) throws OrderException {\n        validate(cart);\n        return repo.save(cart);\n    }\n}\n', at: 'validate(cart)', expected: 'OrderService > place' },
  { language: 'ruby', text: 'module Billing\n  class Invoice\n    def total\n      lines.sum(&:amount)\n    end\n  end\nend\n', at: 'lines.sum', expected: 'Billing > Invoice > total' },
  { language: 'javascript arrow', text: 'export const handler = async (event) => {\n  if (!event) return;\n  await run(event);\n};\n', at: 'await run', expected: 'handler' },
  { language: 'c function', text: '#include <stdio.h>\n\nstatic int parse_args(int argc, char **argv)\n{\n    for (int i = 0; i < argc; i++) {\n        puts(argv[i]);\n    }\n    return 0;\n}\n', at: 'puts(argv', expected: 'parse_args' },
  { language: 'kotlin', text: 'class Repo {\n    suspend fun load(id: String): Item {\n        return api.get(id)\n    }\n}\n', at: 'api.get', expected: 'Repo > load' },
  { language: 'shell', text: 'deploy() {\n  rsync -a dist/ host:/srv\n}\n', at: 'rsync', expected: 'deploy' },
  {
    language: 'calls with callbacks are not declarations',
    text: 'function routes(app) {\n  app.get("/x", function (req, res) {\n    describe("y", () => {\n      res.send(1);\n    });\n  });\n}\n',
    at: 'res.send',
    expected: 'routes',
  },
  { language: 'top-level statement', text: 'import os\nprint(os.getcwd())\n', at: 'print', expected: undefined },
  { language: 'if blocks are not declarations', text: 'if ready:\n    go()\n', at: 'go()', expected: undefined },
];

describe('enclosing declaration without a symbol provider', () => {
  for (const c of cases) {
    it(`${c.language}: ${c.expected ?? 'nothing'}`, () => {
      assert.equal(enclosingDeclaration(c.text, lineOf(c.text, c.at)), c.expected);
    });
  }
});
