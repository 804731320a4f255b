// The one rule that keeps the layers honest: src/core never imports `vscode`,
// so the whole core stays testable in plain Node and reusable by the CLI.
import tseslint from 'typescript-eslint';

const ONE_WAY_TO_DESCRIBE_ERRORS = {
  selector: "ConditionalExpression[test.type='BinaryExpression'][test.operator='instanceof'][test.right.name='Error']",
  message: 'Use describeError() (for people) or errorDetail() (for the log) from src/core/errors.ts.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'bench/.work/**'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-debugger': 'error',
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  {
    // Type-aware, for src/ only (the shipped code): a promise nobody awaits loses its error
    // (a "database is locked" that never reaches the user). Where dropping it is meant, write
    // `void` and say why.
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // One way to turn a thrown value into text: describeError() keeps a LoreError's hint
      // (what to do), errorDetail() the stack for the log.
      'no-restricted-syntax': ['error', ONE_WAY_TO_DESCRIBE_ERRORS],
    },
  },
  {
    // Adapters never talk SQL: VS Code code and the CLI ask the store (or a core service) for
    // what they need, so the schema can change in one place.
    files: ['src/extension/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ONE_WAY_TO_DESCRIBE_ERRORS, {
        selector: "MemberExpression[property.name='db']",
        message: 'src/extension and src/cli do not use the database directly: add a method to LoreStore (or a core service) instead.',
      }, {
        // What these layers throw reaches a person: a LoreError, with a hint when the message
        // does not already say what to do (describeError shows both).
        selector: "ThrowStatement > NewExpression[callee.name='Error']",
        message: 'Throw a LoreError(message, hint) from src/core/errors.ts: this error reaches a person.',
      }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts', 'src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core, src/cli and src/webview must not import vscode: put VS Code code in src/extension.' }],
      }],
    },
  },
);
