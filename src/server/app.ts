/**
 * The HTTP server: Express 5 with GraphQL at `/graphql` (Apollo Server 5 through
 * `expressMiddleware`, its landing page off), the playground at `/` and the dashboard at
 * `/dashboard` (pages.ts), `/healthz` and `/readyz`.
 * Everything the server answers is JSON, errors included: broken bodies, wrong content types,
 * oversized requests and unknown routes never get Express' HTML pages.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { ApolloServer, type ApolloServerOptionsWithTypeDefs, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { REPO_ROOT } from '../config.ts';
import { resolvers } from '../resolvers/index.ts';
import { createRequestContext, type ServerContext, type ServerDeps } from './context.ts';
import { formatError, MASKED_MESSAGE } from './errors.ts';
import { mountPages } from './pages.ts';
import type { Readiness } from './health.ts';
import { mutationsNeedToken, QUERY_LIMITS, queryArmor, unexpectedErrorLog } from './plugins.ts';

/** Largest request body accepted; the biggest useful query (a LIST set of many neurons) is a few kB. */
export const MAX_BODY_BYTES = 100 * 1024;

/** The schema the server serves: schema.graphql and its resolvers, unless a test brings its own. */
export interface GraphqlSchemaSource {
  typeDefs: string;
  resolvers: ApolloServerOptionsWithTypeDefs<ServerContext>['resolvers'];
}

/** The rmlens schema, read from schema.graphql at the repository root. */
export function rmlensSchema(): GraphqlSchemaSource {
  return { typeDefs: readFileSync(join(REPO_ROOT, 'schema.graphql'), 'utf8'), resolvers };
}

/** Options of the Apollo server, with or without HTTP. */
export interface GraphqlServerOptions {
  schema?: GraphqlSchemaSource;
  /** Where masked errors are logged with their stack; default stderr. */
  log?: (line: string) => void;
  /** Extra plugins (the HTTP server adds the drain plugin). */
  plugins?: ApolloServerPlugin<ServerContext>[];
}

/** The Apollo server with every rule of rmlens.md §4; tests call `executeOperation` on it directly. */
export function createGraphqlServer(options: GraphqlServerOptions = {}): ApolloServer<ServerContext> {
  const { typeDefs, resolvers: schemaResolvers } = options.schema ?? rmlensSchema();
  const armor = queryArmor();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  return new ApolloServer<ServerContext>({
    typeDefs,
    resolvers: schemaResolvers,
    formatError,
    includeStacktraceInErrorResponses: false,
    // One operation per request: a batch would multiply every limit below.
    allowBatchedHttpRequests: false,
    // `rmlens serve` handles SIGINT/SIGTERM itself (drain, jobs, models, store); Apollo's own
    // handler would re-raise the signal after its stop and kill the process before the jobs are
    // marked and the store is closed.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: QUERY_LIMITS.tokens },
    validationRules: armor.validationRules,
    plugins: [
      // The default landing page loads from a CDN, which this server must never depend on.
      ApolloServerPluginLandingPageDisabled(),
      ...armor.plugins,
      mutationsNeedToken(),
      unexpectedErrorLog(log),
      ...(options.plugins ?? []),
    ],
  });
}

/** Options of the HTTP server. */
export interface HttpServerOptions extends GraphqlServerOptions {
  deps: ServerDeps;
  /** RMLENS_TOKEN: when set, mutations need `Authorization: Bearer <token>`. */
  token?: string;
  /** RMLENS_CORS_ORIGINS: browser origins allowed cross-origin; none by default. */
  corsOrigins?: readonly string[];
  readiness: () => Readiness | Promise<Readiness>;
}

/** A started (not yet listening) server: listen on `httpServer`; `apollo.stop()` drains it. */
export interface HttpServer {
  app: Express;
  httpServer: Server;
  apollo: ApolloServer<ServerContext>;
}

/** Builds the Express app and starts Apollo inside it. */
export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = express();
  const httpServer = createServer(app);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const apollo = createGraphqlServer({ ...options, log, plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ...(options.plugins ?? [])] });
  await apollo.start();

  app.disable('x-powered-by');
  app.use(assignRequestId);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    let readiness: Readiness;
    try {
      readiness = await options.readiness();
    } catch (error) {
      readiness = { ready: false, reason: `readiness check failed: ${error instanceof Error ? error.message : String(error)}` };
    }
    res.status(readiness.ready ? 200 : 503).json(readiness.ready ? { status: 'ready' } : { status: 'not ready', reason: readiness.reason });
  });
  const corsOrigins = options.corsOrigins ?? [];
  app.use(
    '/graphql',
    // Without configured origins no CORS header is sent at all: browsers then refuse cross-origin calls.
    ...(corsOrigins.length > 0 ? [cors({ origin: [...corsOrigins] })] : []),
    jsonPostsOnly,
    express.json({ limit: MAX_BODY_BYTES }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) =>
        createRequestContext(options.deps, { requestId: String(res.locals.requestId), authorized: isAuthorized(req.headers.authorization, options.token) }),
    }),
  );
  mountPages(app);
  app.use((_req, res) => {
    jsonError(res, 404, 'NOT_FOUND', 'no such route; the API is at /graphql');
  });
  app.use(jsonErrors(log));
  return { app, httpServer, apollo };
}

/** Whether an Authorization header carries the token (always true without a token); compared in constant time. */
export function isAuthorized(header: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const given = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  if (given === undefined) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}

const assignRequestId: RequestHandler = (_req, res, next) => {
  res.locals.requestId = randomUUID();
  res.setHeader('x-request-id', res.locals.requestId);
  next();
};

/** GraphQL POST bodies are JSON; anything else would reach Apollo without a parsed body. */
const jsonPostsOnly: RequestHandler = (req, res, next) => {
  if (req.method === 'POST' && !req.is('application/json')) {
    jsonError(res, 415, 'BAD_REQUEST', `POST /graphql needs Content-Type: application/json, got ${req.headers['content-type'] ?? 'none'}`);
    return;
  }
  next();
};

/** Body-parser failures (broken JSON, too large, bad charset) as GraphQL-shaped JSON; anything else masked and logged. */
function jsonErrors(log: (line: string) => void): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = typeof error?.status === 'number' ? error.status : 500;
    // body-parser marks its own client errors `expose`: their messages say what was wrong with the body.
    if (status >= 400 && status < 500 && error.expose) {
      jsonError(res, status, 'BAD_REQUEST', status === 413 ? `request body over ${MAX_BODY_BYTES} bytes` : String(error.message));
      return;
    }
    log(`rmlens serve: request ${res.locals.requestId}: ${error?.stack ?? String(error)}`);
    jsonError(res, 500, 'INTERNAL_SERVER_ERROR', MASKED_MESSAGE, { requestId: res.locals.requestId });
  };
}

function jsonError(res: express.Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });
}
