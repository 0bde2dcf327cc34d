/**
 * Walking a TypeScript syntax tree without recursion. The tree of an ordinary file is shallow,
 * but the parser builds arbitrarily deep trees from flat text without overflowing (a 3,000-term
 * `'a' + 'a' + ...` is a left-deep chain of 3,000 binary expressions; so are long method chains
 * and `else if` ladders), and a recursive `ts.forEachChild(node, visit)` then overflows the stack
 * on them. An explicit stack costs the same per node and has no depth limit.
 *
 * Used by the analyzers and by the plan's source hints (both walk ASTs of the analyzed repo);
 * it lives in src/shared because those two layers may not import each other.
 */
import ts from './typescript.cjs';

/**
 * Visit `root` and every node below it in source order (pre-order), as a recursive
 * `enter(node); ts.forEachChild(node, ...)` would. `enter` returns `false` to skip the node's
 * children. `leave`, when given, runs after a node's children (not for skipped nodes), for
 * visitors that keep scopes.
 */
export function walkAst(root: ts.Node, enter: (node: ts.Node) => boolean | void, leave?: (node: ts.Node) => void): void {
  if (leave) {
    walkWithLeave(root, enter, leave);
    return;
  }
  const stack: ts.Node[] = [root];
  const push = (child: ts.Node): void => {
    stack.push(child);
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (enter(node) === false) continue;
    const from = stack.length;
    ts.forEachChild(node, push);
    reverseFrom(stack, from);
  }
}

/** The same walk with an exit marker on the stack: a node is pushed again (as `leave`) before its children. */
function walkWithLeave(root: ts.Node, enter: (node: ts.Node) => boolean | void, leave: (node: ts.Node) => void): void {
  const stack: ts.Node[] = [root];
  const leaving: boolean[] = [false];
  const push = (child: ts.Node): void => {
    stack.push(child);
    leaving.push(false);
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (leaving.pop()) {
      leave(node);
      continue;
    }
    if (enter(node) === false) continue;
    stack.push(node);
    leaving.push(true);
    const from = stack.length;
    ts.forEachChild(node, push);
    reverseFrom(stack, from);
  }
}

/** Children are pushed in source order; reversed, the first child is popped first. */
function reverseFrom(stack: ts.Node[], from: number): void {
  for (let i = from, j = stack.length - 1; i < j; i++, j--) {
    const t = stack[i]!;
    stack[i] = stack[j]!;
    stack[j] = t;
  }
}

/** node -> its source file, for every node some `sourceFileOf` call passed on its way up */
const fileOfNode = new WeakMap<ts.Node, ts.SourceFile>();

/**
 * The file a node belongs to. `node.getSourceFile()` (and `getStart()`/`getText()` without the
 * file) climbs every parent on each call: asked for each link of a 3,000-call chain, that is
 * quadratic. Here every node passed on the way up remembers the answer.
 */
export function sourceFileOf(node: ts.Node): ts.SourceFile {
  // most nodes sit a few levels below their file: climb without the memo first (a WeakMap entry
  // per node passed costs more than the climb, and the garbage collector pays for them again)
  let cur: ts.Node | undefined = node;
  for (let i = 0; i < SHORT_CLIMB && cur; i++, cur = cur.parent) if (ts.isSourceFile(cur)) return cur;
  return climbRemembering(node);
}

/** Climbs shorter than this are not remembered. */
const SHORT_CLIMB = 32;

function climbRemembering(node: ts.Node): ts.SourceFile {
  const passed: ts.Node[] = [];
  for (let cur: ts.Node = node; ; cur = cur.parent) {
    if (ts.isSourceFile(cur)) {
      for (const p of passed) fileOfNode.set(p, cur);
      return cur;
    }
    const known = fileOfNode.get(cur);
    if (known) {
      for (const p of passed) fileOfNode.set(p, known);
      return known;
    }
    if (!cur.parent) return node.getSourceFile();
    passed.push(cur);
  }
}
