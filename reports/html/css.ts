/**
 * The stylesheet inlined in every HTML page: system fonts only (no request),
 * light and dark through `prefers-color-scheme`, a print layout, tables with
 * right-aligned tabular numbers, charts drawn in `currentColor`. Data values
 * (`<bdi>`, result-table cells) wrap anywhere, so a value with no space in it
 * (a 10,000-character word) breaks at the column's width instead of widening the
 * page, while the page's own words keep breaking between words.
 */
export const PAGE_CSS = `
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--line:#d1d9e0;--soft:#f6f8fa;--link:#0969da;--accent:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--line:#3d444d;--soft:#151b23;--link:#4493f8;--accent:#4493f8}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--link)}
nav.site{border-bottom:1px solid var(--line);background:var(--soft);padding:.5rem 1.25rem;font-size:.9rem}
nav.site ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.1rem;max-width:64rem;margin:0 auto}
nav.site a{text-decoration:none}
nav.site a[aria-current=page]{color:var(--fg);font-weight:600}
main{max-width:64rem;margin:0 auto;padding:1.25rem 1.25rem 3rem}
h1{font-size:1.9rem;line-height:1.2;margin:.6rem 0 .3rem}
h2{font-size:1.35rem;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:1px solid var(--line)}
h3{font-size:1.1rem;margin:1.5rem 0 .5rem}
p.lede{color:var(--muted);margin:0 0 1.25rem;font-size:1.05rem}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em}
code{background:var(--soft);padding:.1em .3em;border-radius:4px}
pre{background:var(--soft);padding:.8rem 1rem;overflow-x:auto;border-radius:6px}
pre code{background:none;padding:0}
blockquote{margin:1rem 0;padding:.2rem 1rem;border-left:4px solid var(--line);color:var(--muted)}
.table-wrap{overflow-x:auto;margin:1rem 0}
table{border-collapse:collapse;font-size:.92rem;min-width:30%}
th,td{border:1px solid var(--line);padding:.3rem .6rem;text-align:left;vertical-align:top}
thead th{background:var(--soft);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tbody tr:nth-child(even){background:color-mix(in srgb,var(--soft) 60%,transparent)}
p.more{color:var(--muted);font-size:.85rem;margin:.2rem 0 1rem}
figure.chart{margin:1.25rem 0;color:var(--fg)}
svg.rb-plot{--plot-background:var(--bg);color:var(--fg);max-width:100%;height:auto}
bdi{unicode-bidi:isolate;overflow-wrap:anywhere}
.table-wrap td{overflow-wrap:anywhere}
sup.src{font-size:.72em;line-height:0}
sup.src a{text-decoration:none}
p.banner{margin:.2rem 0 1rem;padding:.55rem .9rem;border:1px solid #d4a72c;border-left-width:5px;border-radius:6px;background:#fff8c5;color:#3b2300;font-weight:600}
@media (prefers-color-scheme:dark){p.banner{background:#2b2111;border-color:#9e6a03;color:#f2cc60}}
section.sources a{text-decoration:none}
section.sources a code{color:var(--link)}
section.sources a:hover code{text-decoration:underline}
section.sources{margin-top:2.5rem;font-size:.85rem;color:var(--muted)}
section.sources h2{font-size:1rem}
section.sources code{word-break:break-all}
footer{max-width:64rem;margin:0 auto;padding:1rem 1.25rem 2rem;color:var(--muted);font-size:.8rem;border-top:1px solid var(--line)}
@media print{
:root{--fg:#000;--muted:#333;--bg:#fff;--line:#999;--soft:#f2f2f2;--link:#000}
nav.site{display:none}
body{font-size:11pt}
main{max-width:none;padding:0}
a{text-decoration:none}
h2,h3{break-after:avoid}
figure.chart,tr,pre,blockquote{break-inside:avoid}
.table-wrap{overflow:visible}
footer{border:0;padding:0}
}
`
  .trim()
  .replace(/\n/g, '');
