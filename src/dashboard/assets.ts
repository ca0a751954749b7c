/**
 * The page's only script and stylesheet, served from `/assets/`. The script follows the status bar
 * over Server-Sent Events and reloads the Synchronization page when a run ends; every page works
 * without it.
 */

/** The client script (plain JavaScript, no build). */
export const APP_JS = `'use strict';
(function () {
  var base = document.body.getAttribute('data-base') || '';
  var bar = document.getElementById('statusbar');
  if (!bar || !window.EventSource) return;
  var progress = document.getElementById('progress');
  var percent = document.getElementById('progress-percent');
  var text = document.getElementById('progress-text');
  var wasRunning = bar.getAttribute('data-status') === 'running';
  var reload = null;
  // Leaving the page cancels a pending reload, which would otherwise win over the navigation.
  window.addEventListener('beforeunload', function () { clearTimeout(reload); });
  function eta(ms) {
    if (ms === null || ms === undefined || !(ms > 0)) return '';
    var s = Math.round(ms / 1000);
    return s < 60 ? ', about ' + s + ' s left' : ', about ' + Math.round(s / 60) + ' min left';
  }
  function show(state) {
    bar.setAttribute('data-status', state.status);
    if (state.percent === null) progress.removeAttribute('value');
    else progress.value = state.percent;
    progress.textContent = (state.percent || 0) + '%';
    percent.textContent = state.percent === null ? '' : state.percent + '%';
    text.textContent = state.message + eta(state.etaMs);
    if (state.status === 'running') wasRunning = true;
    else if (wasRunning && document.body.getAttribute('data-page') === '/') {
      wasRunning = false;
      reload = setTimeout(function () { location.reload(); }, 300);
    }
  }
  var source = new EventSource(base + '/events');
  source.addEventListener('progress', function (e) { show(JSON.parse(e.data)); });
  window.addEventListener('pagehide', function () { source.close(); });
})();
`;

/** The stylesheet: readable on a laptop, visible focus, contrast above WCAG AA. */
export const APP_CSS = `:root { color-scheme: light; --fg: #1b1f24; --muted: #4a5360; --bg: #ffffff; --line: #c9d1d9;
  --accent: #0b5cad; --ok: #116329; --bad: #a40e26; --warn: #7d4e00; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); padding-bottom: 4rem; }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .6rem 1.5rem; border-bottom: 1px solid var(--line); background: #f6f8fa; }
.brand { font-weight: 700; }
nav { display: flex; gap: .25rem; flex-wrap: wrap; }
nav a { padding: .3rem .6rem; border-radius: 4px; color: var(--accent); text-decoration: none; }
nav a[aria-current="page"] { background: var(--accent); color: #fff; }
.user { margin-left: auto; color: var(--muted); }
.company { padding: .1rem .5rem; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
main { max-width: 72rem; padding: 1rem 1.5rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; color: var(--muted); }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid var(--line); }
thead th { background: #f6f8fa; }
td.reason { max-width: 32rem; overflow-wrap: anywhere; }
ul { margin: .2rem 0; padding-left: 1.2rem; }
a { color: var(--accent); }
button, .button { font: inherit; padding: .3rem .8rem; border: 1px solid var(--accent); border-radius: 4px; background: #fff; color: var(--accent); cursor: pointer; text-decoration: none; display: inline-block; }
button.primary { background: var(--accent); color: #fff; }
button:disabled { border-color: var(--line); color: var(--muted); background: #f6f8fa; cursor: not-allowed; }
input, select { font: inherit; padding: .25rem .4rem; border: 1px solid var(--muted); border-radius: 4px; }
:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
form.inline { display: inline-flex; gap: .4rem; align-items: center; flex-wrap: wrap; margin: 0 .25rem .25rem 0; }
form.filter, form[role="search"] { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; margin: .5rem 0 1rem; }
.result.completed, .verdict.ok, .flash.ok { color: var(--ok); }
.result.failed, .result.aborted, .verdict.bad, .flash.error, tr.error td:first-child { color: var(--bad); }
.warning, tr.warning td:first-child { color: var(--warn); }
.flash { padding: .5rem .8rem; border: 1px solid currentColor; border-radius: 4px; }
.empty { color: var(--muted); }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: .5rem; background: #fff; padding: .3rem; z-index: 2; }
.statusbar { position: fixed; bottom: 0; left: 0; right: 0; display: flex; gap: .75rem; align-items: center; padding: .5rem 1.5rem; background: #f6f8fa; border-top: 1px solid var(--line); }
.statusbar progress { width: 16rem; height: 1rem; }
.metering meter { width: 16rem; height: 1rem; vertical-align: middle; margin-right: .5rem; }
.metering[data-level="exhausted"] #metering-outlook { color: var(--bad); font-weight: 600; }
`;
