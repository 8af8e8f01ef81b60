/**
 * Builds the web page (web/) into web/dist: one ES module and one stylesheet under content-hashed
 * names in web/dist/assets, and web/dist/index.html that loads them. esbuild is the one tsx already
 * runs the server with; it needs no network. Run by `npm install` (postinstall) and `npm test`.
 *
 *   npm run web:build [-- --watch]
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { WEB_DIST } from '../src/server/use-web-page.js';

const root = join(import.meta.dirname, '..');

const options = (outdir: string): esbuild.BuildOptions => ({
  entryPoints: [join(root, 'web/src/main.ts')],
  bundle: true,
  format: 'esm',
  target: ['es2022', 'chrome111', 'firefox113', 'safari16'],
  minify: true,
  sourcemap: 'linked',
  outdir: join(outdir, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  tsconfig: join(root, 'web/tsconfig.json'),
  metafile: true,
  logLevel: 'warning',
});

/** web/index.html with the built script and stylesheet in place of `<!-- assets -->`. */
function writeIndex(outdir: string, metafile: esbuild.Metafile) {
  const [script, output] = Object.entries(metafile.outputs).find(([, o]) => o.entryPoint?.endsWith('web/src/main.ts'))!;
  const path = (file: string) => `/${relative(outdir, join(root, file)).split('\\').join('/')}`;
  const tags = [
    output.cssBundle ? `<link rel="stylesheet" href="${path(output.cssBundle)}" />` : '',
    `<script type="module" src="${path(script)}"></script>`,
  ].join('\n    ');
  const template = readFileSync(join(root, 'web/index.html'), 'utf8');
  writeFileSync(join(outdir, 'index.html'), template.replace('<!-- assets -->', tags));
}

async function buildWeb(outdir: string = WEB_DIST): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await esbuild.build(options(outdir));
  writeIndex(outdir, result.metafile!);
}

async function watch(outdir: string) {
  const context = await esbuild.context({
    ...options(outdir),
    plugins: [
      {
        name: 'index-html',
        setup: (build) => build.onEnd((result) => {
          if (result.metafile) writeIndex(outdir, result.metafile);
          console.log(`web: built ${new Date().toISOString()}`);
        }),
      },
    ],
  });
  await context.watch();
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  if (process.argv.includes('--watch')) {
    mkdirSync(WEB_DIST, { recursive: true });
    await watch(WEB_DIST);
  } else {
    await buildWeb();
  }
}
