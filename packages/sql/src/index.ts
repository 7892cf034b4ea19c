export { createPgliteDialect } from './pglite-dialect.js';
