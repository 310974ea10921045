// Builds ../poems.tsv and ../SHA256SUMS from the chinese-poetry package (version pinned in
// package.json). Selection rules are in ../README.md; this file is their only implementation.
// Usage, from this folder: npm ci && node prepare.mjs
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import OpenCC from 'opencc-js';

const require = createRequire(import.meta.url);
const packageRoot = path.dirname(require.resolve('chinese-poetry/package.json'));
const version = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')).version;
if (version !== '2.0.1') throw new Error(`Expected chinese-poetry 2.0.1, found ${version}: update README.md before changing the source.`);

const source = path.join(packageRoot, 'dist', 'quantangshi');
const files = readdirSync(source).filter(f => /^poet\.tang\.\d+\.json$/.test(f))
  .sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]));
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

// Quatrains (绝句): four lines of 5 or 7 Chinese characters (CJK Unified Ideographs only).
const han = /^[\u4e00-\u9fff]+$/u;
const counts = { read: 0, shape: 0, characters: 0, duplicate: 0, kept: 0 };
const seen = new Set();
const rows = [];
for (const file of files) {
  for (const poem of JSON.parse(readFileSync(path.join(source, file), 'utf8'))) {
    counts.read++;
    // Each paragraph is a couplet "line，line。"; split into lines on the two marks.
    const lines = poem.paragraphs.join('').split(/[，。]/u).filter(l => l.length > 0);
    const width = lines[0]?.length;
    const couplets = poem.paragraphs.join('');
    const shapeOk = lines.length === 4 && (width === 5 || width === 7)
      && lines.every(l => l.length === width)
      && couplets === lines.map((l, i) => l + (i % 2 === 0 ? '，' : '。')).join('');
    if (!shapeOk) { counts.shape++; continue; }
    const simplified = lines.map(l => toSimplified(l));
    if (!simplified.every(l => han.test(l) && [...l].length === width)) { counts.characters++; continue; }
    const body = simplified.map((l, i) => l + (i % 2 === 0 ? '，' : '。')).join('');
    if (seen.has(body)) { counts.duplicate++; continue; }
    seen.add(body);
    const clean = s => toSimplified(s).replace(/[\t\r\n]/g, ' ').trim();
    rows.push([clean(poem.author), clean(poem.title), body].join('\t'));
    counts.kept++;
  }
}

const out = path.resolve('..');
const text = 'author\ttitle\tpoem\n' + rows.join('\n') + '\n';
writeFileSync(path.join(out, 'poems.tsv'), text);
const sha = createHash('sha256').update(text).digest('hex');
writeFileSync(path.join(out, 'SHA256SUMS'), `${sha}  poems.tsv\n`);
const byShape = {};
for (const row of rows) {
  const body = row.split('\t')[2];
  const lineCount = body.split(/[，。]/u).filter(Boolean).length;
  const key = `${body.split('，')[0].length}x${lineCount}`;
  byShape[key] = (byShape[key] ?? 0) + 1;
}
console.log(JSON.stringify({ chinesePoetry: version, files: files.length, ...counts, byShape, bytes: Buffer.byteLength(text), sha256: sha }, null, 2));
