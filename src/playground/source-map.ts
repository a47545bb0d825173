// Maps what the runner reports (JavaScript lines in a blob: module) back to the
// TypeScript the learner sees, using the source map the compiler emitted.
import { LEAST_UPPER_BOUND, originalPositionFor, TraceMap, type SourceMapInput } from "@jridgewell/trace-mapping";

/** Where in the learner's file something happened; 1-based line and column. */
export interface SourcePosition {
  line: number;
  column: number;
}

export interface SourceMapper {
  /** The TypeScript position of a JavaScript line and column (1-based), if the map knows it. */
  position(line: number, column: number): SourcePosition | undefined;
  /** The TypeScript line of a JavaScript line; the line itself when unmapped. */
  line(line: number): number;
  /** The first frame of `stack` in the learner's program, mapped; undefined if none is. */
  firstFrame(stack: string): SourcePosition | undefined;
  /** `stack` with every frame in the learner's program rewritten as main.ts:line:column. */
  rewriteStack(stack: string): string;
}

// Chromium stack frames name the module by its blob: URL: "at f (blob:http://host/uuid:12:5)".
const BLOB_FRAME = /blob:[^\s)]+?:(\d+):(\d+)/g;

export function createSourceMapper(map: SourceMapInput, fileName = "main.ts"): SourceMapper {
  const trace = new TraceMap(map);
  const position = (line: number, column: number): SourcePosition | undefined => {
    // The nearest mapping at or left of the column (loop guards shift columns a
    // little); for a column before the line's first mapping, that first mapping.
    const exact = originalPositionFor(trace, { line, column: Math.max(0, column - 1) });
    const found = exact.line !== null ? exact : originalPositionFor(trace, { line, column: 0, bias: LEAST_UPPER_BOUND });
    if (found.line === null) return undefined;
    return { line: found.line, column: (found.column ?? 0) + 1 };
  };
  return {
    position,
    line: (line) => position(line, 1)?.line ?? line,
    firstFrame(stack) {
      for (const match of stack.matchAll(BLOB_FRAME)) {
        const mapped = position(Number(match[1]), Number(match[2]));
        if (mapped) return mapped;
      }
      return undefined;
    },
    rewriteStack(stack) {
      return stack.replace(BLOB_FRAME, (whole, line: string, column: string) => {
        const mapped = position(Number(line), Number(column));
        return mapped ? `${fileName}:${mapped.line}:${mapped.column}` : whole;
      });
    },
  };
}
