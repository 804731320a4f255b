// Mocha's config merges its `spec` with files named on the command line, so
// `npx mocha test/unit/x.test.ts` would run the whole suite too. The suite is the default
// only when no test file is named.
const named = process.argv.slice(2).some((arg) => /\.test\.ts$/.test(arg) || arg.startsWith('test/'));
module.exports = {
  require: ['tsx/cjs'],
  extension: ['ts'],
  ...(named ? {} : { spec: ['test/unit/**/*.test.ts'] }),
  timeout: 20000,
  reporter: 'dot',
};
