// zmp-vite-plugin lists every CSS file of the build in app-config.json's listCSS, which Zalo loads before the first
// screen. The CSS of chunks holding `pattern` (the map library) is taken out again: Vite's loader adds it when the
// chunk itself is loaded, so it stays out of the first load like the chunk's JS.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

export function lazyOnlyCss(pattern: RegExp): Plugin {
  let dir = '';
  const lazyCss = new Set<string>();
  return {
    name: 'pakn-lazy-only-css',
    apply: 'build',
    writeBundle(options, bundle) {
      dir = options.dir ?? '';
      for (const out of Object.values(bundle)) {
        if (out.type !== 'chunk' || !Object.keys(out.modules).some((id) => pattern.test(id))) continue;
        for (const css of out.viteMetadata?.importedCss ?? []) lazyCss.add(css);
      }
    },
    // After every writeBundle, the Zalo plugin's included.
    closeBundle() {
      const file = join(dir, 'app-config.json');
      if (!dir || !existsSync(file) || !lazyCss.size) return;
      const config = JSON.parse(readFileSync(file, 'utf8')) as { listCSS?: string[] };
      config.listCSS = (config.listCSS ?? []).filter((f) => !lazyCss.has(f));
      writeFileSync(file, JSON.stringify(config));
    },
  };
}
