// Compiles the API (server.ts with the workspace packages it imports) into dist/server.js for plain
// `node`. npm packages stay external: they come from node_modules (`pnpm deploy --prod` in the image).
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const apiDir = fileURLToPath(new URL('.', import.meta.url));
const outdir = fileURLToPath(new URL('dist', import.meta.url));

/** Bare imports are external, except the workspace's own TypeScript packages, which are bundled. */
const externalPackages = {
  name: 'external-packages',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@loket/') ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * Files read at run time (migrations, content/, the admin's dist, fonts through createRequire) are
 * found relative to the source file that names them. Each module's `import.meta.url` is made its
 * source file's URL, computed from the bundle's own, so those paths keep working wherever the
 * repository's layout (api/dist beside db/migrations, content/, admin/dist) is kept.
 */
const sourceLocations = {
  name: 'source-locations',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
      const fromBundle = relative(outdir, args.path).split('\\').join('/');
      return {
        contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`),
        loader: 'ts',
      };
    });
  },
};

const result = await build({
  absWorkingDir: apiDir,
  entryPoints: ['src/server.ts'],
  outdir,
  bundle: true,
  // The cluster supervisor imports the API lazily: in chunks of their own, it never loads them.
  splitting: true,
  // Beside server.js: each chunk's import.meta.url is then in the folder the source paths are relative to.
  chunkNames: '[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  plugins: [externalPackages, sourceLocations],
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
process.stdout.write(`api/dist: ${(bytes / 1024).toFixed(0)} kB with source maps\n`);
