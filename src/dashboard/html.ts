/**
 * HTML built from tagged templates: every interpolated value is escaped unless it is already
 * `Html` (made by `html` itself or `raw`), so a QBO or IntelliTrack string such as `<script>`
 * renders as text.
 */

/** A fragment of markup that is safe to insert as is. */
export class Html {
  /** The markup. */
  readonly value: string;

  constructor(value: string) {
    this.value = value;
  }

  /** The markup. */
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` with `& < > " '` escaped, for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Markup to insert without escaping: only for constant strings of this module's own. */
export function raw(markup: string): Html {
  return new Html(markup);
}

/** What an interpolation may hold: text (escaped), markup, nothing, or a list of those. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** A tagged template: `html\`<td>${name}</td>\`` escapes `name`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}
