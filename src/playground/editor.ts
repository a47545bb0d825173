// The editor, loaded lazily (import()) once the page is interactive: Monaco with
// TypeScript's language service, the lesson's files as models, and compile(),
// which turns the learner's TypeScript into the JavaScript the runner imports.
import * as monaco from "monaco-editor/editor";
import "monaco-editor/languages/definitions/typescript/register";
import "monaco-editor/languages/definitions/html/register";
import * as ts from "monaco-editor/languages/features/typescript/register";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";
import TsWorker from "monaco-editor/languages/features/typescript/ts.worker?worker";
import editorLibs from "../../generated/editor-libs.json";
import { guardLoops } from "./loop-guard-insert.ts";
import { createSourceMapper, type SourceMapper } from "./source-map.ts";

// Self-hosted workers, bundled by Vite: nothing is fetched from a CDN.
(self as { MonacoEnvironment?: monaco.Environment }).MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === "typescript" || label === "javascript" ? new TsWorker() : new EditorWorker();
  },
};

ts.typescriptDefaults.setCompilerOptions({
  target: ts.ScriptTarget.ES2020 + 2, // ES2022 (absent from Monaco's enum): its default lib includes the DOM
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.NodeJs,
  moduleDetection: 3, // "force": every file is a module, so top-level await works
  strict: true,
  isolatedModules: true,
  skipLibCheck: true,
  allowNonTsExtensions: true,
  noEmitOnError: false,
  sourceMap: true,
});
ts.typescriptDefaults.setEagerModelSync(true);
for (const lib of editorLibs) ts.typescriptDefaults.addExtraLib(lib.content, lib.path);

/** How long after the last keystroke main.ts is compiled in the background. */
const COMPILE_DEBOUNCE_MS = 150;

/** A problem the compiler found, at a 1-based line and column of the learner's file. */
export interface Problem {
  message: string;
  line: number;
  column: number;
}

export type Compiled = { ok: true; code: string; mapper: SourceMapper } | { ok: false; problems: Problem[] };

export interface EditorFile {
  name: string;
  value: string;
}

export interface Editor {
  getValue(name: string): string;
  setValue(name: string, value: string): void;
  /** Shows one file's tab. */
  open(name: string): void;
  /** main.ts transpiled for the runner (usually already, in the background), or its syntax errors. */
  compile(): Promise<Compiled>;
  /** Type errors in main.ts (the code still runs with them, as in the TypeScript playground). */
  typeProblems(): Promise<Problem[]>;
  focus(): void;
  setFontSize(px: number): void;
  /** Opens main.ts at a line and puts the cursor there. */
  reveal(line: number, column?: number): void;
}

function flatten(message: string | { messageText: string; next?: unknown[] }): string {
  if (typeof message === "string") return message;
  const next = (message.next ?? []) as Array<{ messageText: string; next?: unknown[] }>;
  return [message.messageText, ...next.map(flatten)].join(" ");
}

function languageOf(name: string): string {
  return name.endsWith(".html") ? "html" : "typescript";
}

/**
 * Monaco registers its TypeScript service a moment after the first TypeScript
 * model exists; asking before then throws "TypeScript not registered!". A Run
 * pressed (or a join page running) right as the editor appears waits for it.
 */
async function typescriptWorker(): ReturnType<typeof ts.getTypeScriptWorker> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ts.getTypeScriptWorker();
    } catch (error) {
      if (attempt >= 400) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export function createEditor(host: HTMLElement, files: EditorFile[], handlers: { onChange(name: string, value: string): void; onRun(): void }): Editor {
  const models = new Map<string, monaco.editor.ITextModel>();
  for (const file of files) {
    const uri = monaco.Uri.parse(`file:///${file.name}`);
    monaco.editor.getModel(uri)?.dispose();
    const model = monaco.editor.createModel(file.value, languageOf(file.name), uri);
    model.onDidChangeContent(() => handlers.onChange(file.name, model.getValue()));
    models.set(file.name, model);
  }
  const modelOf = (name: string) => {
    const model = models.get(name);
    if (!model) throw new Error(`No file ${name} in this step.`);
    return model;
  };
  const main = modelOf("main.ts");
  const dark = matchMedia("(prefers-color-scheme: dark)").matches;
  // vs-dark's comment green is below 4.5:1 on its background: a lighter one reads (and passes axe).
  monaco.editor.defineTheme("wp-dark", { base: "vs-dark", inherit: true, rules: [{ token: "comment", foreground: "8fbf7f" }], colors: {} });
  const editor = monaco.editor.create(host, {
    model: main,
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    scrollBeyondLastLine: false,
    tabSize: 2,
    theme: dark ? "wp-dark" : "vs",
    fixedOverflowWidgets: true,
    // Monaco keeps Tab for indenting: say how to leave (Ctrl+M toggles Tab moving the focus).
    ariaLabel: "Code editor. Tab indents; press Ctrl+M (on a Mac Control+Shift+M) to make Tab move the focus out.",
  });
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => handlers.onRun());

  const problemsOf = (diagnostics: ts.Diagnostic[]): Problem[] =>
    diagnostics
      .filter((diagnostic) => diagnostic.category === 1)
      .map((diagnostic) => {
        const position = main.getPositionAt(diagnostic.start ?? 0);
        return { message: flatten(diagnostic.messageText), line: position.lineNumber, column: position.column };
      });

  const worker = async () => (await typescriptWorker())(main.uri);

  async function transpile(): Promise<Compiled> {
    const client = await worker();
    const fileName = main.uri.toString();
    const [syntax, output] = await Promise.all([client.getSyntacticDiagnostics(fileName), client.getEmitOutput(fileName)]);
    const problems = problemsOf(syntax);
    if (problems.length > 0) return { ok: false, problems };
    const js = output.outputFiles.find((file) => file.name.endsWith(".js"))?.text ?? "";
    const map = output.outputFiles.find((file) => file.name.endsWith(".js.map"))?.text;
    const mapper = createSourceMapper(
      map ? (JSON.parse(map) as object as Parameters<typeof createSourceMapper>[0]) : { version: 3, sources: [], names: [], mappings: "" },
    );
    const code = js.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
    try {
      return { ok: true, code: guardLoops(code, mapper.line), mapper };
    } catch (error) {
      const { message, loc } = error as { message: string; loc?: { line: number; column: number } };
      const at = loc ? (mapper.position(loc.line, loc.column + 1) ?? { line: loc.line, column: loc.column + 1 }) : { line: 1, column: 1 };
      return { ok: false, problems: [{ message, ...at }] };
    }
  }

  // Compiled in the background as the learner types (COMPILE_DEBOUNCE_MS after the
  // last keystroke), so Run finds main.ts's JavaScript ready instead of waiting
  // ~100 ms for the TypeScript worker. Keyed by the model's version: any edit since
  // makes Run compile afresh.
  let latest: { version: number; result: Promise<Compiled> } | undefined;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  const compileNow = (): Promise<Compiled> => {
    clearTimeout(debounce);
    const version = main.getVersionId();
    if (latest?.version === version) return latest.result;
    const started = performance.now();
    const result = transpile().finally(() => performance.measure("compile", { start: started }));
    latest = { version, result };
    return result;
  };
  const compileSoon = () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => void compileNow().catch(() => undefined), COMPILE_DEBOUNCE_MS);
  };
  main.onDidChangeContent(compileSoon);
  compileSoon();

  return {
    getValue: (name) => modelOf(name).getValue(),
    setValue(name, value) {
      const model = modelOf(name);
      // pushEditOperations keeps the change undoable (Ctrl+Z brings the old code back).
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
    },
    open(name) {
      editor.setModel(modelOf(name));
    },
    compile: compileNow,
    async typeProblems() {
      const client = await worker();
      return problemsOf(await client.getSemanticDiagnostics(main.uri.toString()));
    },
    focus: () => editor.focus(),
    setFontSize: (px) => editor.updateOptions({ fontSize: px }),
    reveal(line, column = 1) {
      editor.setModel(main);
      editor.revealLineInCenter(line);
      editor.setPosition({ lineNumber: line, column });
      editor.focus();
    },
  };
}
