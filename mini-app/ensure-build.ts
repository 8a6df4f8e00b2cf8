// `npm start` serves the built mini app: build it first when there is no build, or when a source is newer.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const built = join(root, 'mini-app/dist/index.html');

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const sources = ['mini-app/src', 'mini-app/index.html', 'mini-app/vite.config.mts', 'mini-app/first-load-plugin.ts', 'mini-app/precompress.ts', 'mini-app/package.json', 'app-config.json'].map((p) => join(root, p));
if (!existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs) {
  console.log('Building the mini app (mini-app/dist)…');
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'mini-app/vite.config.mts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
}
