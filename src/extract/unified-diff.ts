/**
 * Unified diff (`diff -u` / `git apply` format) of two texts, line based, from the longest common
 * subsequence (Hunt–Szymanski would be faster; files here are a few thousand lines at most, and
 * the common prefix and suffix are trimmed first, so the quadratic table stays small).
 */
const CONTEXT = 3;

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

type Op = { kind: ' ' | '-' | '+'; line: string; a: number; b: number };

function diffOps(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[start + i] === b[start + j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  for (let k = 0; k < start; k++) ops.push({ kind: ' ', line: a[k]!, a: k, b: k });
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i] === b[start + j]) {
      ops.push({ kind: ' ', line: a[start + i]!, a: start + i, b: start + j });
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      ops.push({ kind: '+', line: b[start + j]!, a: start + i, b: start + j });
      j++;
    } else {
      ops.push({ kind: '-', line: a[start + i]!, a: start + i, b: start + j });
      i++;
    }
  }
  for (let k = 0; k < a.length - endA; k++) ops.push({ kind: ' ', line: a[endA + k]!, a: endA + k, b: endB + k });
  return ops;
}

/** The unified diff of `before` -> `after` for `path` (`/dev/null` sides for added and deleted files); '' when equal. */
export function unifiedDiff(path: string, before: string | undefined, after: string | undefined): string {
  if (before === after) return '';
  const a = splitLines(before ?? '');
  const b = splitLines(after ?? '');
  const ops = diffOps(a, b);
  const out = [`diff --git a/${path} b/${path}`];
  if (before === undefined) out.push('new file mode 100644');
  if (after === undefined) out.push('deleted file mode 100644');
  out.push(`--- ${before === undefined ? '/dev/null' : `a/${path}`}`, `+++ ${after === undefined ? '/dev/null' : `b/${path}`}`);
  const changes = ops.map((o, i) => (o.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  let h = 0;
  while (h < changes.length) {
    let first = changes[h]!;
    let last = first;
    while (h + 1 < changes.length && changes[h + 1]! - last <= CONTEXT * 2 + 1) last = changes[++h]!;
    h++;
    first = Math.max(0, first - CONTEXT);
    last = Math.min(ops.length - 1, last + CONTEXT);
    const slice = ops.slice(first, last + 1);
    const aStart = slice.find((o) => o.kind !== '+')?.a ?? slice[0]!.a;
    const bStart = slice.find((o) => o.kind !== '-')?.b ?? slice[0]!.b;
    const aLen = slice.filter((o) => o.kind !== '+').length;
    const bLen = slice.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${aLen === 0 ? aStart : aStart + 1},${aLen} +${bLen === 0 ? bStart : bStart + 1},${bLen} @@`);
    for (const o of slice) out.push(`${o.kind}${o.line}`);
  }
  const endsWithoutNewline = (t: string | undefined): boolean => t !== undefined && t !== '' && !t.endsWith('\n');
  if (endsWithoutNewline(before) || endsWithoutNewline(after)) {
    // keep it simple and honest: say so at the end, as diff does
    out.push('\\ No newline at end of file');
  }
  return out.join('\n') + '\n';
}
