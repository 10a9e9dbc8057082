/** What the Atlas API answers, as zod schemas: they document the routes (OpenAPI) and check each answer. */
import { z } from 'zod';
import { refusalsFrom } from '../../http/index.js';
import { refusalAnswers } from '../problems.js';
import { RoleSchema } from '../../write/schemas.js';

const Id = z.uuid();
const Instant = z.iso.datetime();

export const UserOut = z
  .object({
    id: z.int().positive(),
    username: z.string(),
    email: z.string(),
    personal_organization_id: Id,
    registered_at: Instant,
  })
  .meta({ id: 'User' });

export const MemberOut = z
  .object({ user_id: z.int().positive(), username: z.string(), role: RoleSchema, joined_at: Instant })
  .meta({ id: 'Member' });

export const OrganizationOut = z
  .object({
    id: Id,
    name: z.string(),
    owner_id: z.int().positive(),
    personal: z.boolean(),
    timezone: z.string(),
    created_at: Instant,
    members: z.array(MemberOut),
  })
  .meta({ id: 'Organization' });

export const ProjectOut = z
  .object({
    id: Id,
    organization_id: Id,
    name: z.string(),
    description: z.string().nullable(),
    archived: z.boolean(),
    created_by: z.int().positive(),
    created_at: Instant,
    archived_at: Instant.nullable(),
  })
  .meta({ id: 'Project' });

export const TaskOut = z
  .object({
    id: Id,
    project_id: Id,
    organization_id: Id,
    title: z.string(),
    description: z.string().nullable(),
    due_date: z.iso.date().nullable(),
    status: z.enum(['open', 'started', 'completed']),
    assignee_id: z.int().positive().nullable(),
    created_by: z.int().positive(),
    created_at: Instant,
    started_at: Instant.nullable(),
    completed_at: Instant.nullable(),
  })
  .meta({ id: 'Task' });

export const TokensOut = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.int().positive(),
    refresh_token: z.string(),
  })
  .meta({ id: 'Tokens' });

/** A user code as shown: `WDJB-MJHT`. */
const UserCodeOut = z.string().regex(/^[A-Z]{4}-[A-Z]{4}$/);

export const DeviceCodesOut = z
  .object({
    device_code: z.string().describe("The device's secret for polling /api/v1/auth/device/token; never show it"),
    user_code: UserCodeOut.describe('What the user types at verification_uri'),
    verification_uri: z.url(),
    verification_uri_complete: z
      .url()
      .describe('verification_uri with the user code filled in (for a link or a QR code)'),
    expires_in: z.int().positive().describe('Seconds until both codes expire'),
    interval: z.int().positive().describe('Seconds to wait between polls'),
  })
  .meta({ id: 'DeviceCodes' });

export const DeviceAuthorizationOut = z
  .object({
    user_code: UserCodeOut,
    status: z.enum(['pending', 'approved', 'denied', 'redeemed']),
    client_name: z.string().nullable().describe('How the device named itself; null when it did not'),
    created_at: Instant,
    expires_at: Instant,
  })
  .meta({ id: 'DeviceAuthorization' });

export const DeviceDecisionOut = z
  .object({
    user_code: UserCodeOut,
    status: z.enum(['approved', 'denied']),
    client_name: z.string().nullable(),
    expires_at: Instant,
  })
  .meta({ id: 'DeviceDecision' });

export const JwksOut = z.object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string() })) });

/** The refusals the routes may answer, for the document; a route picks its own: `...refusals(401, 404)`. */
export const problemResponses = refusalAnswers('Conflict with the current state or a concurrent change');
export const refusals = refusalsFrom(problemResponses);
