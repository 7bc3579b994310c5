/** PGlite's contrib extensions: its package exports them by subpath, which moduleResolution "node" cannot read. */
declare module '@electric-sql/pglite/contrib/pg_trgm' {
  import type { Extension } from '@electric-sql/pglite';
  export const pg_trgm: Extension;
}
