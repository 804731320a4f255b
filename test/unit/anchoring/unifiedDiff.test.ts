import { strict as assert } from 'node:assert';
import { changeBlocksOf, findFileDiff, parseUnifiedDiff } from '../../../src/core/anchoring/unifiedDiff';

const gitDiff = `diff --git a/src/a.ts b/src/a.ts
index 3b18e51..a8c9d12 100644
--- a/src/a.ts
+++ b/src/a.ts
@@ -1,4 +1,5 @@
 import x from 'x';
+import y from 'y';
 
 function f() {
-  return 1;
+  return 2;
@@ -20,3 +21,2 @@ function g() {
 one
-two
 three
diff --git a/old name.ts b/new name.ts
similarity index 90%
rename from old name.ts
rename to new name.ts
index 1111111..2222222 100644
--- a/old name.ts
+++ b/new name.ts
@@ -3 +3 @@
-old
+new
\\ No newline at end of file
diff --git a/gone.ts b/gone.ts
deleted file mode 100644
index 3333333..0000000
--- a/gone.ts
+++ /dev/null
@@ -1,2 +0,0 @@
-a
-b
diff --git a/fresh.ts b/fresh.ts
new file mode 100644
index 0000000..4444444
--- /dev/null
+++ b/fresh.ts
@@ -0,0 +1,2 @@
+-- not a header
+++ nor this
diff --git "a/caf\\303\\251.ts" "b/caf\\303\\251.ts"
index 5555555..6666666 100644
Binary files "a/caf\\303\\251.ts" and "b/caf\\303\\251.ts" differ
`;

describe('parseUnifiedDiff', () => {
  const files = parseUnifiedDiff(gitDiff);

  it('reads every file of a git diff with its status', () => {
    assert.deepEqual(
      files.map((f) => [f.oldPath, f.newPath, f.status, f.binary]),
      [
        ['src/a.ts', 'src/a.ts', 'modified', false],
        ['old name.ts', 'new name.ts', 'renamed', false],
        ['gone.ts', undefined, 'deleted', false],
        [undefined, 'fresh.ts', 'added', false],
        ['café.ts', 'café.ts', 'modified', true],
      ],
    );
  });

  it('counts hunk lines from their headers, so "-- " and "++ " inside hunks are content', () => {
    const fresh = findFileDiff(files, 'fresh.ts')!;
    assert.deepEqual(fresh.hunks[0].lines, [
      { kind: 'added', text: '-- not a header' },
      { kind: 'added', text: '++ nor this' },
    ]);
  });

  it('turns hunks into zero-based changed blocks without context', () => {
    assert.deepEqual(changeBlocksOf(findFileDiff(files, 'src/a.ts')!), [
      { oldStart: 1, oldLines: [], newStart: 1, newLines: ["import y from 'y';"] },
      { oldStart: 3, oldLines: ['  return 1;'], newStart: 4, newLines: ['  return 2;'] },
      { oldStart: 20, oldLines: ['two'], newStart: 21, newLines: [] },
    ]);
    assert.deepEqual(changeBlocksOf(findFileDiff(files, 'new name.ts')!), [{ oldStart: 2, oldLines: ['old'], newStart: 2, newLines: ['new'] }]);
  });

  it('reads -U0 hunks, where a side with no lines names the line before the change', () => {
    const [f] = parseUnifiedDiff('--- a/x\n+++ b/x\n@@ -5,0 +6,2 @@\n+p\n+q\n@@ -9,2 +10,0 @@\n-r\n-s\n');
    assert.deepEqual(changeBlocksOf(f), [
      { oldStart: 5, oldLines: [], newStart: 5, newLines: ['p', 'q'] },
      { oldStart: 8, oldLines: ['r', 's'], newStart: 10, newLines: [] },
    ]);
  });
});
