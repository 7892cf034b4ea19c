import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

/** A 1-based line and column, as compilers and editors print them. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

export type PolicyPath = readonly (string | number)[];

export interface PolicyDocument {
  /** The plain data (JSON-compatible) the schema validates; `undefined` if the YAML is broken. */
  readonly value: unknown;
  /** YAML syntax errors, each with its own position. */
  readonly syntaxErrors: readonly { readonly message: string; readonly position: SourcePosition }[];
  /**
   * Where a schema path is in the file: the value's node, or with `key: true` the key of the
   * last step (for unknown keys). A path that runs past the document (a missing key) lands on
   * the deepest node that exists — the mapping the key is missing from.
   */
  locate(path: PolicyPath, options?: { key?: boolean }): SourcePosition;
}

/**
 * Parses policy YAML with the `yaml` Document API, using node ranges and a LineCounter so that
 * every problem — a zod issue path or a semantic rule's path — maps back to file:line:column.
 */
export function parsePolicyDocument(text: string): PolicyDocument {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const syntaxErrors = document.errors.map((error) => ({
    message: error.message.split('\n')[0] ?? error.message,
    position: at(error.pos[0]),
  }));
  const value = syntaxErrors.length > 0 ? undefined : document.toJS({ maxAliasCount: 100 });

  return {
    value,
    syntaxErrors,
    locate(path, options = {}) {
      let node: unknown = document.contents;
      let keyNode: unknown;
      let best: Node | undefined = isNode(node) ? node : undefined;
      for (const step of path) {
        keyNode = undefined;
        if (isMap(node)) {
          const pair = node.items.find(
            (item) => isPair(item) && isScalar(item.key) && item.key.value === step,
          );
          if (!pair) break;
          keyNode = pair.key;
          node = pair.value;
        } else if (isSeq(node) && typeof step === 'number') {
          node = node.items[step];
          if (node === undefined) break;
        } else {
          break;
        }
        if (isNode(node)) best = node;
        else if (isNode(keyNode)) best = keyNode;
      }
      const target = options.key && isNode(keyNode) ? keyNode : best;
      return at(target?.range?.[0] ?? 0);
    },
  };
}
