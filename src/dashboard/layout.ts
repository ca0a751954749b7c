import type { DashboardUser } from './auth.js';
import { type Html, type HtmlValue, html } from './html.js';
import type { ProgressState } from './progress.js';

/** What every page knows about the request. */
export interface View {
  /** The path the dashboard is mounted at, without a trailing slash ('' at the root). */
  base: string;
  user: DashboardUser;
  csrf: string;
  now: number;
  /** The status bar's state; the company picker has none (and no status bar). */
  progress: ProgressState | undefined;
  /** A one-time message after an action (shown once). */
  flash?: { kind: 'ok' | 'error'; text: string } | undefined;
  /** The company the page is on, in the many-company mode: shown with a link back to the picker. */
  company?: { realmId: string; label: string; pickerHref: string } | undefined;
}

const NAV: readonly [string, string][] = [
  ['/', 'Synchronization'],
  ['/plan', 'Plan'],
  ['/errors', 'Errors'],
  ['/activity', 'Activity'],
  ['/verify', 'Verify'],
  ['/preflight', 'Preflight'],
];

/** `path` under the dashboard's base path. */
export function href(view: View, path: string): string {
  return `${view.base}${path}`;
}

/**
 * A POST form with one button: carries the CSRF token; disabled for the read-only role (the server
 * refuses it anyway).
 */
export function postButton(
  view: View,
  action: string,
  label: string,
  options: { fields?: Record<string, string>; primary?: boolean; extra?: Html; ariaLabel?: string } = {},
): Html {
  const readOnly = view.user.role !== 'operator';
  const fields = Object.entries(options.fields ?? {}).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  return html`<form method="post" action="${href(view, action)}" class="inline">
<input type="hidden" name="_csrf" value="${view.csrf}">${fields}${options.extra}
<button type="submit"${options.primary ? html` class="primary"` : ''}${options.ariaLabel ? html` aria-label="${options.ariaLabel}"` : ''}${readOnly ? html` disabled title="Read-only access"` : ''}>${label}</button></form>`;
}

function statusBar(view: View): HtmlValue {
  const p = view.progress;
  if (!p) return '';
  const value = p.percent === null ? '' : html` value="${p.percent}"`;
  return html`<footer class="statusbar" id="statusbar" data-status="${p.status}">
<label for="progress">Status</label>
<progress id="progress" max="100"${value} aria-describedby="progress-text">${p.percent ?? 0}%</progress>
<span id="progress-percent">${p.percent === null ? '' : `${p.percent}%`}</span>
<span id="progress-text" role="status" aria-live="polite">${p.message}</span></footer>`;
}

function companyOf(view: View): HtmlValue {
  const c = view.company;
  if (!c) return '';
  return html`<span class="company">Company: <strong>${c.label}</strong> (<code>${c.realmId}</code>) <a href="${c.pickerHref}">Switch company</a></span>`;
}

/** The page shell: navigation, the flash message, the content and the status bar. */
export function layout(view: View, current: string, title: string, body: HtmlValue): Html {
  const nav = (view.progress ? NAV : []).map(
    ([path, label]) =>
      html`<a href="${href(view, path)}"${path === current ? html` aria-current="page"` : ''}>${label}</a>`,
  );
  const flash = view.flash
    ? html`<p class="flash ${view.flash.kind}" role="${view.flash.kind === 'error' ? 'alert' : 'status'}">${view.flash.text}</p>`
    : '';
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · QBO ⇄ IntelliTrack</title>
<meta name="csrf-token" content="${view.csrf}">
<link rel="stylesheet" href="${href(view, '/assets/app.css')}">
<script src="${href(view, '/assets/app.js')}" defer></script></head>
<body data-base="${view.base}" data-role="${view.user.role}" data-page="${current}">
<a class="skip" href="#main">Skip to content</a>
<header><span class="brand">QBO ⇄ IntelliTrack</span><nav aria-label="Main">${nav}</nav>${companyOf(view)}
<span class="user">${view.user.name} (${view.user.role === 'operator' ? 'operator' : 'read-only'})</span></header>
<main id="main" tabindex="-1"><h1>${title}</h1>${flash}${body}</main>
${statusBar(view)}</body></html>`;
}

/** A table with a caption; `rows` empty shows `empty` instead. */
export function table(caption: string, head: readonly string[], rows: readonly Html[], empty: string): Html {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  const th = head.map((h) => html`<th scope="col">${h}</th>`);
  return html`<table><caption>${caption}</caption><thead><tr>${th}</tr></thead><tbody>${rows}</tbody></table>`;
}
