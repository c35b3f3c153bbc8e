#!/usr/bin/env node
// Generates shared/data/places.tsv from npm @etalab/decoupage-administratif (INSEE's official
// geographic code, installed in frontend/node_modules by scripts/setup.sh). See docs/DISCOVERY.md.
//
//   node scripts/gen-places.mjs            write shared/data/places.tsv
//   node scripts/gen-places.mjs --check    exit 1 if the committed file differs from the dataset
//   node scripts/gen-places.mjs --out F    write to F instead
//
// Format (UTF-8, tab-separated, '\n'): a '#' header line, then one line per region
// `R{code}<TAB>{name}`, then one line per current commune (type "commune-actuelle", INSEE's COM),
// sorted by code: `{code}<TAB>{name}<TAB>{department code}<TAB>{region code}<TAB>{population}`
// (population 0 when the dataset has none). No dependency but node itself.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'shared', 'data', 'places.tsv');
const require = createRequire(join(root, 'frontend', 'package.json'));
const pkg = '@etalab/decoupage-administratif';

let communes, regions, version;
try {
  communes = require(`${pkg}/data/communes.json`);
  regions = require(`${pkg}/data/regions.json`);
  version = require(`${pkg}/package.json`).version;
} catch (error) {
  console.error(`gen-places: cannot load ${pkg} from frontend/node_modules (run scripts/setup.sh): ${error.message}`);
  process.exit(2);
}

const clean = (text) => {
  if (/[\t\n\r]/.test(text)) throw new Error(`unexpected control character in ${JSON.stringify(text)}`);
  return text;
};
const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

const lines = [`# ${pkg} ${version}: R{code} name | code name department region population`];
for (const r of [...regions].sort(byCode)) lines.push(`R${r.code}\t${clean(r.nom)}`);
const current = communes.filter((c) => c.type === 'commune-actuelle').sort(byCode);
for (const c of current) {
  lines.push([c.code, clean(c.nom), c.departement, c.region, c.population ?? 0].join('\t'));
}
const text = `${lines.join('\n')}\n`;

const args = process.argv.slice(2);
if (args[0] === '--check') {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // compared below as empty
  }
  if (committed !== text) {
    console.error(`gen-places: ${target} differs from ${pkg} ${version}: run node scripts/gen-places.mjs`);
    process.exit(1);
  }
  console.log(`gen-places: ${target} is up to date (${current.length} communes, ${regions.length} regions)`);
} else {
  const out = args[0] === '--out' && args[1] ? args[1] : target;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`gen-places: wrote ${out} (${current.length} communes, ${regions.length} regions, ${text.length} bytes)`);
}
