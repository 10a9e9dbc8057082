/**
 * The kit's public surface, for services (Atlas on :8000, partners on 8001–8003):
 * define routes, build the service, listen; throw problems from handlers.
 */
export { createService, listen, routesOf, type Listening, type ServiceOptions } from './service.js';
export {
  defineRoute,
  declaredResponses,
  type Route,
  type RouteInput,
  type RouteResult,
  type HttpMethod,
  type AuthMode,
} from './route.js';
export { refusalsFrom, type Refusals } from './refusals.js';
export { createLogger, type Logger } from './log.js';
export {
  requireAtlasToken,
  userFromClaims,
  accessTokenExpiry,
  type AtlasUser,
  type AuthOptions,
  type KeyForKid,
} from './auth.js';
export {
  openEventStream,
  parseLastEventId,
  EventStream,
  type EventStreamSpec,
  type EventStreamOptions,
  type StreamMessage,
} from './event-stream.js';
export { buildOpenApi } from './openapi.js';
export type { ProblemMapper } from './problems-middleware.js';
export type { ContractMode } from './contract.js';
export type { KitContext, KitState } from './context.js';
export {
  Problem,
  PROBLEM_TYPE_BASE,
  problemKinds,
  isProblem,
  validationProblem,
  malformedRequest,
  unauthorized,
  forbidden,
  notFound,
  conflict,
  payloadTooLarge,
  unsupportedMediaType,
  tooManyRequests,
  unavailable,
  internalProblem,
  type ProblemKind,
  type ProblemDocument,
  type ProblemFieldError,
} from './problem.js';
