// npm links the bins of dependencies, not the project's own; link ours so that `npx xxgk` works in the checkout.
import { mkdirSync, rmSync, symlinkSync, chmodSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, 'node_modules', '.bin');
const target = join(root, 'bin', 'xxgk');
mkdirSync(binDir, { recursive: true });
rmSync(join(binDir, 'xxgk'), { force: true });
symlinkSync(relative(binDir, target), join(binDir, 'xxgk'));
chmodSync(target, 0o755);
