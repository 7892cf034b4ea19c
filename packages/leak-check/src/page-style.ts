import { createHash } from 'node:crypto';

/**
 * The page's only styling, inlined in one `<style>` element. The Content-Security-Policy allows
 * exactly this text by its hash, so no other style (and no script at all) can run on the page.
 */
export const PAGE_STYLE = `
:root{color-scheme:light dark;--fg:#1b1b1f;--bg:#fbfbfd;--muted:#55565e;--line:#d5d6de;--warn-bg:#fff1e6;--warn-fg:#8a2c00;--warn-line:#d4540b;--ok-bg:#e8f6ec;--ok-fg:#135c2b;--ok-line:#2f8f4e;--code-bg:#eeeff4}
@media (prefers-color-scheme:dark){:root{--fg:#ececf1;--bg:#15161a;--muted:#b3b4bd;--line:#3a3b44;--warn-bg:#3a1f0e;--warn-fg:#ffc59e;--warn-line:#f08a45;--ok-bg:#12301d;--ok-fg:#a6e3b8;--ok-line:#4fbf74;--code-bg:#24252c}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer{max-width:52rem;margin:0 auto;padding:0 1rem}
header{padding-top:1.25rem}
.brand{margin:0;font-size:.875rem;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:var(--muted)}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 .75rem}
h2{font-size:1.25rem;margin:2rem 0 .5rem}
h3{font-size:1.1rem;margin:0 0 .5rem;overflow-wrap:anywhere}
h4{font-size:1rem;margin:1rem 0 .25rem}
p,li,dd{max-width:70ch}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.9em;background:var(--code-bg);padding:.05em .3em;border-radius:.25rem;overflow-wrap:anywhere;word-break:break-word}
a{color:inherit;text-underline-offset:.15em}
a:focus-visible{outline:3px solid var(--warn-line);outline-offset:2px}
.verdict{border:2px solid;border-radius:.5rem;padding:.75rem 1rem;margin:1.25rem 0}
.verdict h2{margin:0 0 .25rem}
.verdict p{margin:.25rem 0}
.verdict-found{background:var(--warn-bg);color:var(--warn-fg);border-color:var(--warn-line)}
.verdict-clear{background:var(--ok-bg);color:var(--ok-fg);border-color:var(--ok-line)}
.findings{list-style:none;padding:0;margin:0}
.finding{border-left:.4rem solid var(--warn-line);background:var(--warn-bg);border-radius:.25rem;padding:.75rem 1rem;margin:0 0 1rem}
.finding dl{margin:.5rem 0 0}
.finding dt{font-weight:600;margin-top:.5rem}
.finding dd{margin:0}
.finding details{margin:.25rem 0}
.finding summary{cursor:pointer;text-decoration:underline;text-underline-offset:.15em}
.finding details p{margin:.25rem 0;font-size:.9rem}
.finding ul{margin:.25rem 0 0;padding-left:1.25rem}
.flag{display:inline-block;margin-left:.35rem;padding:0 .4rem;border-radius:.25rem;font-size:.8rem;font-weight:700;background:var(--warn-line);color:#fff;white-space:nowrap}
table{width:100%;border-collapse:collapse;margin:.5rem 0 1rem}
th,td{text-align:left;vertical-align:top;padding:.45rem .5rem;border-bottom:1px solid var(--line)}
thead th{font-size:.875rem;color:var(--muted)}
tbody th{font-weight:600;width:35%}
tr.identity th,tr.identity td{background:var(--warn-bg)}
tr.identity th{border-left:.4rem solid var(--warn-line)}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{color:var(--muted);font-size:.875rem;padding-bottom:2rem}
@media (max-width:36rem){h1{font-size:1.35rem}thead{display:none}table,tbody,tr,th,td{display:block;width:100%}tbody tr{border-bottom:1px solid var(--line);padding:.35rem 0}tbody th,tbody td{border:0;padding:.15rem .5rem}tr.identity{border-left:.4rem solid var(--warn-line)}tr.identity th{border-left:0}}
`.trim();

/** `sha256-…` source for the Content-Security-Policy `style-src`. */
export const PAGE_STYLE_HASH = `'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`;
