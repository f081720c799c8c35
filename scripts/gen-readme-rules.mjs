// Writes the rule table of the README from the rule registry, so the list is never hand-kept.
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const table = spawnSync(process.execPath, ['bin/xxgk', 'rules', '--markdown'], { encoding: 'utf8' }).stdout;
const readme = readFileSync('README.md', 'utf8');
const next = readme.replace(/<!-- rules:start -->[\s\S]*<!-- rules:end -->/, `<!-- rules:start -->\n${table}<!-- rules:end -->`);
writeFileSync('README.md', next);
console.log(next === readme ? 'README rules: unchanged' : 'README rules: updated');
