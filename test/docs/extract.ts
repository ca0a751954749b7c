/**
 * Finds the TypeScript code samples of a Markdown document: every fenced block whose info string
 * starts with `ts` or `typescript`. A block whose info string also says `no-check` is a deliberate
 * fragment and is left out of type checking.
 */

/** One fenced TypeScript block of a Markdown file. */
export interface DocSample {
  /** Path of the Markdown file, relative to the repository root (e.g. `docs/sync.md`). */
  doc: string;
  /** 1-based line of the Markdown file where the block's first code line sits. */
  line: number;
  /** The code, exactly as written between the fences. */
  code: string;
  /** True for blocks marked ```` ```ts no-check ````. */
  noCheck: boolean;
}

const OPEN = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)(.*)$/;
const TS_LANGS = new Set(['ts', 'typescript']);

/**
 * Extracts the fenced TypeScript blocks of `markdown`, in order.
 *
 * @param doc - the file's path, carried into each sample so a failure names it.
 * @param markdown - the file's text.
 * @example
 * extractSamples('docs/sync.md', text).filter((s) => !s.noCheck);
 */
export function extractSamples(doc: string, markdown: string): DocSample[] {
  const lines = markdown.split(/\r?\n/);
  const samples: DocSample[] = [];
  let i = 0;
  while (i < lines.length) {
    const open = OPEN.exec(lines[i] ?? '');
    if (!open) {
      i += 1;
      continue;
    }
    const fence = open[2] ?? '```';
    const lang = (open[3] ?? '').toLowerCase();
    const meta = (open[4] ?? '').split(/\s+/);
    const body: string[] = [];
    let j = i + 1;
    // A fence closes on a line of the same character at least as long, per CommonMark.
    while (j < lines.length && !isClose(lines[j] ?? '', fence)) {
      body.push(lines[j] ?? '');
      j += 1;
    }
    if (TS_LANGS.has(lang)) {
      samples.push({ doc, line: i + 2, code: body.join('\n'), noCheck: meta.includes('no-check') });
    }
    i = j + 1;
  }
  return samples;
}

function isClose(line: string, fence: string): boolean {
  const trimmed = line.trim();
  const char = fence.charAt(0);
  return trimmed.length >= fence.length && [...trimmed].every((c) => c === char);
}
