// SPDX-License-Identifier: MIT
// Typesets the formulas of the explanation pages: every <tex>…</tex> (inline) and
// <tex display>…</tex> in ../explanations/*.html becomes svg/<key>.svg, drawn by MathJax's TeX
// input and SVG output, glyphs as paths, so that Qt draws them without any font. The key is the
// first 16 hex digits of SHA-1 over "display:" or "inline:" and the text between the tags exactly
// as the page has it; views/common/formulas.cpp computes the same. SVGs of formulas no page uses
// any more are removed. The SVGs are committed: the build needs no Node.
//   cd resources/formulas && npm install --no-save mathjax-full@3.2.2 && node render.mjs
import {createHash} from 'node:crypto';
import {readdirSync, readFileSync, writeFileSync, unlinkSync, mkdirSync} from 'node:fs';
import {join, dirname} from 'node:path';
import {fileURLToPath} from 'node:url';
import {mathjax} from 'mathjax-full/js/mathjax.js';
import {TeX} from 'mathjax-full/js/input/tex.js';
import {SVG} from 'mathjax-full/js/output/svg.js';
import {liteAdaptor} from 'mathjax-full/js/adaptors/liteAdaptor.js';
import {RegisterHTMLHandler} from 'mathjax-full/js/handlers/html.js';
import {AllPackages} from 'mathjax-full/js/input/tex/AllPackages.js';

const here = dirname(fileURLToPath(import.meta.url));
const pages = join(here, '..', 'explanations');
const out = join(here, 'svg');
mkdirSync(out, {recursive: true});

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);
const tex = new TeX({packages: AllPackages});
const svg = new SVG({fontCache: 'none'});
const doc = mathjax.document('', {InputJax: tex, OutputJax: svg});

// The TeX as the page writes it in HTML: &lt; &gt; &amp; stand for < > &.
const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const written = new Set();
for (const page of readdirSync(pages).filter((f) => f.endsWith('.html')).sort()) {
    const html = readFileSync(join(pages, page), 'utf8');
    for (const match of html.matchAll(/<tex( display)?>([\s\S]*?)<\/tex>/g)) {
        const display = match[1] !== undefined;
        const raw = match[2];
        const key = createHash('sha1')
                        .update((display ? 'display:' : 'inline:') + raw, 'utf8')
                        .digest('hex')
                        .slice(0, 16);
        const node = doc.convert(unescape(raw), {display});
        const svgNode = adaptor.firstChild(node);
        const text = adaptor.outerHTML(svgNode);
        if (text.includes('data-mjx-error') || text.includes('merror'))
            throw new Error(`${page}: MathJax cannot typeset ${raw}`);
        writeFileSync(join(out, key + '.svg'), text + '\n');
        written.add(key + '.svg');
        console.log(`${page}: ${key} ${raw}`);
    }
}
for (const file of readdirSync(out))
    if (file.endsWith('.svg') && !written.has(file))
        unlinkSync(join(out, file));
console.log(`${written.size} formulas`);
