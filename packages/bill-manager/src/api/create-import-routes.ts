import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isLineKeeperError } from '@linekeeper/identity-core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BillDatabase } from '../data/create-bill-database.js';
import { importBillRun } from '../data/import/import-bill-run.js';
import { BILL_RUN_FILES } from '../data/import/read-bill-run-files.js';

export interface ImportRoutesOptions {
  readonly database: BillDatabase;
  /** Bearer token operators present; without one every request is refused. */
  readonly operatorToken: string | undefined;
  readonly uploadDir?: string | undefined;
  readonly maxUploadBytes?: number;
  /**
   * Replaces the bearer-token check: throws (or rejects) to refuse the request. The web app
   * mounts the routes a second time under `/api/operator` for signed-in operator staff, with
   * its own session, CSRF and role guard here.
   */
  readonly authorise?: (request: FastifyRequest) => Promise<void>;
}

const UPLOAD_ID = /^[A-Za-z0-9_-]{1,64}$/;
const FILE_NAMES: ReadonlySet<string> = new Set(Object.values(BILL_RUN_FILES));

/**
 * The operator's upload API, as a Fastify plugin the web app mounts (e.g. under `/operator`):
 *
 * - `POST /bill-runs` → `{ uploadId }`
 * - `PUT /bill-runs/:uploadId/files/:name` (body: the CSV, `text/csv`) for each of
 *   `bill-run.csv`, `accounts.csv`, `records.csv` — streamed to disk, never held in memory
 * - `POST /bill-runs/:uploadId/import[?skipInvalid=true]` → the import report
 *
 * Every route needs `Authorization: Bearer <operatorToken>`, unless `authorise` is given.
 */
export function createImportRoutes(options: ImportRoutesOptions) {
  const expected = options.operatorToken ? digest(options.operatorToken) : undefined;
  const root = options.uploadDir ?? join(tmpdir(), 'linekeeper-bill-uploads');
  const bodyLimit = options.maxUploadBytes ?? 2 * 1024 ** 3;

  return async function importRoutes(app: FastifyInstance): Promise<void> {
    // CSV bodies stay streams: the handler writes them straight to disk.
    app.addContentTypeParser(['text/csv', 'application/octet-stream'], (_request, payload, done) =>
      done(null, payload),
    );
    const { authorise } = options;
    app.addHook(authorise ? 'preHandler' : 'onRequest', async (request, reply) => {
      if (authorise) return authorise(request);
      if (!authorised(request, expected)) {
        await problem(
          reply.header('www-authenticate', 'Bearer realm="linekeeper-operator"'),
          401,
          'unauthorised',
          'a valid operator bearer token is required',
        );
      }
    });

    app.post('/bill-runs', async (_request, reply) => {
      const uploadId = randomUUID();
      await mkdir(join(root, uploadId), { recursive: true });
      return reply.code(201).send({ uploadId });
    });

    app.put<{ Params: { uploadId: string; name: string } }>(
      '/bill-runs/:uploadId/files/:name',
      { bodyLimit },
      async (request, reply) => {
        const { uploadId, name } = request.params;
        if (!UPLOAD_ID.test(uploadId) || !FILE_NAMES.has(name)) {
          return problem(reply, 404, 'not-found', `upload files are ${[...FILE_NAMES].join(', ')}`);
        }
        await mkdir(join(root, uploadId), { recursive: true });
        const path = join(root, uploadId, name);
        let size = 0;
        // The body is a raw stream (Fastify's bodyLimit does not see it), so the limit is here.
        const limit = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            size += chunk.length;
            done(size > bodyLimit ? new Error('too large') : null, chunk);
          },
        });
        try {
          await pipeline(request.body as Readable, limit, createWriteStream(path));
        } catch (error) {
          await rm(path, { force: true });
          if (size > bodyLimit)
            return problem(reply, 413, 'too-large', `a file may be at most ${bodyLimit} bytes`);
          throw error;
        }
        return reply.code(204).send();
      },
    );

    app.post<{ Params: { uploadId: string }; Querystring: { skipInvalid?: string } }>(
      '/bill-runs/:uploadId/import',
      async (request, reply) => {
        const { uploadId } = request.params;
        if (!UPLOAD_ID.test(uploadId)) return problem(reply, 404, 'not-found', 'no such upload');
        const dir = join(root, uploadId);
        try {
          const report = await importBillRun(options.database, dir, {
            skipInvalid: request.query.skipInvalid === 'true',
          });
          await rm(dir, { recursive: true, force: true });
          return reply.code(report.status === 'rejected' ? 422 : 200).send(report);
        } catch (error) {
          if (isLineKeeperError(error) && error.code === 'ERR_BILL_IMPORT_BUSY') {
            return problem(reply, 409, 'import-busy', error.message);
          }
          if (isLineKeeperError(error) && error.code === 'ERR_BILL_IMPORT_FILES') {
            return problem(
              reply,
              400,
              'files-missing',
              'upload bill-run.csv, accounts.csv and records.csv first',
            );
          }
          throw error;
        }
      },
    );
  };
}

function authorised(request: FastifyRequest, expected: Buffer | undefined): boolean {
  if (!expected) return false;
  const match = /^Bearer ([^\s]+)$/.exec(request.headers.authorization ?? '');
  // Compared as digests, so neither the length nor the content leaks through timing.
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected);
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function problem(reply: FastifyReply, status: number, type: string, detail: string): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: `urn:linekeeper:bill-manager:${type}`, title: type.replaceAll('-', ' '), status, detail });
}
