import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw } from './html.js';
import { humanDuration, humanTime } from './time.js';

describe('html', () => {
  it('escapes every interpolated string, in text and in attributes, but not its own markup', () => {
    const name = `<script>alert("x")</script> & 'y'`;
    const out = html`<td title="${name}">${name}</td>${raw('<br>')}${[name, 1, null, undefined, false]}`.value;
    expect(out).toBe(
      '<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</td><br>' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;1',
    );
    expect(escapeHtml('a<b')).toBe('a&lt;b');
    expect(html`<p>${html`<b>${'<i>'}</b>`}</p>`.value).toBe('<p><b>&lt;i&gt;</b></p>');
  });
});

describe('human time', () => {
  const now = Date.UTC(2026, 0, 1, 12);
  it.each([
    [now - 2000, 'just now'],
    [now - 45_000, '45 seconds ago'],
    [now - 60_000, '1 minute ago'],
    [now - 3 * 3_600_000, '3 hours ago'],
    [now + 15 * 60_000, 'in 15 minutes'],
    [now - 2 * 86_400_000, '2 days ago'],
  ])('%s', (at, words) => {
    expect(humanTime(at, now)).toBe(words);
  });
  it('durations', () => {
    expect([humanDuration(850), humanDuration(12_400), humanDuration(185_000)]).toEqual([
      '850 ms',
      '12 s',
      '3 min 5 s',
    ]);
  });
});
