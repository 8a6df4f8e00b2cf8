// Build steps for the first load on a slow phone network (issue 11, defect 9):
// - index.html preloads the app (src/app-root.tsx, which the small entry imports once it has started the first
//   screen's calls) and the first screen's chunk: the citizen's home, where everyone not on staff lands (staff get
//   theirs started early by src/first-screen.ts). <link rel="modulepreload"> for their JS and the chunks they
//   import, <link rel="preload" as="style"> for their CSS, so they come down beside the entry instead of after it.
// - The entry's style sheet moves to the end of <body>: the inline app shell in index.html paints while it loads
//   (the module script still waits for it, so React never renders unstyled).
// - Every text file gets a brotli and a gzip copy (precompress.ts) that the server sends to who accepts them.
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { precompressDir } from './precompress';

/** The modules index.html preloads: the app, and the screen most people land on. */
const PRELOADED = [/\/src\/app-root\.tsx$/, /\/pages\/citizen\/citizen-home\.tsx$/];

interface ChunkLike {
  type: 'chunk';
  fileName: string;
  isEntry: boolean;
  facadeModuleId: string | null;
  moduleIds: string[];
  imports: string[];
  viteMetadata?: { importedCss: Set<string> };
}
type BundleLike = Record<string, ChunkLike | { type: 'asset'; fileName: string }>;

/** The chunk of `module` and every chunk it imports statically, apart from the entry (already loading). */
export function firstScreenFiles(bundle: BundleLike, module: RegExp): { js: string[]; css: string[] } {
  const chunks = Object.values(bundle).filter((c): c is ChunkLike => c.type === 'chunk');
  // By the modules a chunk holds, not its facade: Rollup gives a dynamically imported module's chunk no facade when
  // that chunk also holds modules other chunks import.
  const root = chunks.find((c) => c.moduleIds.some((id) => module.test(id.replace(/\\/g, '/'))));
  if (!root) throw new Error(`first-load plugin: no chunk for ${module} (was the screen renamed?)`);
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const js: string[] = [];
  const css = new Set<string>();
  const visit = (chunk: ChunkLike) => {
    if (chunk.isEntry || js.includes(chunk.fileName)) return;
    js.push(chunk.fileName);
    for (const f of chunk.viteMetadata?.importedCss ?? []) css.add(f);
    for (const name of chunk.imports) {
      const next = byName.get(name);
      if (next) visit(next);
    }
  };
  visit(root);
  return { js, css: [...css] };
}

export function firstLoadPlugin(): Plugin {
  let outDir = '';
  return {
    name: 'pakn-first-load',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html;
        const files = PRELOADED.map((m) => firstScreenFiles(ctx.bundle as unknown as BundleLike, m));
        const js = [...new Set(files.flatMap((f) => f.js))];
        const css = [...new Set(files.flatMap((f) => f.css))];
        const links = [
          ...js.map((f) => `<link rel="modulepreload" crossorigin href="./${f}">`),
          ...css.map((f) => `<link rel="preload" as="style" crossorigin href="./${f}">`),
        ];
        // The entry's own style sheets, from <head> to the end of <body>.
        const sheets: string[] = [];
        const head = html.replace(/\s*<link rel="stylesheet"[^>]*>/g, (tag) => {
          sheets.push(tag.trim());
          return '';
        });
        return head
          .replace(/\s*<\/head>/, `\n    ${links.join('\n    ')}\n  </head>`)
          .replace(/\s*<\/body>/, `\n    ${sheets.join('\n    ')}\n  </body>`);
      },
    },
    closeBundle() {
      precompressDir(outDir);
    },
  };
}
