/** The Atlas (:8000) calls of the demo: accounts, the organization and its members, projects and tasks. */
import { z } from 'zod';
import { call } from './http.js';
import {
  CreatedOrganization,
  Me,
  Member,
  MyOrganization,
  Page,
  Project,
  Registered,
  Task,
  Tokens,
  type Member as MemberT,
  type MyOrganization as MyOrganizationT,
  type Project as ProjectT,
  type Task as TaskT,
} from './schemas.js';

export interface NewTask {
  title: string;
  description: string;
  due_date: string | null;
}

export class AtlasClient {
  constructor(private readonly base: string) {}

  /** Every item of a paged list (200 a page). */
  private async all<T extends z.ZodType>(path: string, item: T, token: string): Promise<z.output<T>[]> {
    const items: z.output<T>[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: { items: z.output<T>[]; next_cursor: string | null } = await call(
        'GET',
        `${this.base}${path}${query}`,
        Page(item),
        { token },
      );
      items.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    return items;
  }

  register(username: string, email: string, password: string) {
    return call('POST', `${this.base}/api/v1/auth/register`, Registered, { body: { username, email, password } });
  }

  login(username: string, password: string) {
    // A second login only starts a second refresh-token family.
    return call('POST', `${this.base}/api/v1/auth/login`, Tokens, { body: { username, password }, idempotent: true });
  }

  refresh(refresh_token: string) {
    return call('POST', `${this.base}/api/v1/auth/refresh`, Tokens, { body: { refresh_token } });
  }

  logout(refresh_token: string) {
    return call('POST', `${this.base}/api/v1/auth/logout`, z.undefined(), { body: { refresh_token } });
  }

  me(token: string) {
    return call('GET', `${this.base}/api/v1/me`, Me, { token });
  }

  organizations(token: string): Promise<MyOrganizationT[]> {
    return this.all('/api/v1/organizations', MyOrganization, token);
  }

  createOrganization(token: string, name: string, timezone: string) {
    return call('POST', `${this.base}/api/v1/organizations`, CreatedOrganization, { token, body: { name, timezone } });
  }

  members(token: string, organizationId: string): Promise<MemberT[]> {
    return this.all(`/api/v1/organizations/${organizationId}/members`, Member, token);
  }

  addMember(token: string, organizationId: string, user_id: number, role: MemberT['role']): Promise<MemberT> {
    return call('POST', `${this.base}/api/v1/organizations/${organizationId}/members`, Member, {
      token,
      body: { user_id, role },
    });
  }

  projects(token: string, organizationId: string): Promise<ProjectT[]> {
    return this.all(`/api/v1/organizations/${organizationId}/projects`, Project, token);
  }

  createProject(token: string, organizationId: string, name: string, description: string): Promise<ProjectT> {
    return call('POST', `${this.base}/api/v1/organizations/${organizationId}/projects`, Project, {
      token,
      body: { name, description },
    });
  }

  tasks(token: string, projectId: string): Promise<TaskT[]> {
    return this.all(`/api/v1/projects/${projectId}/tasks`, Task, token);
  }

  createTask(token: string, projectId: string, task: NewTask): Promise<TaskT> {
    return call('POST', `${this.base}/api/v1/projects/${projectId}/tasks`, Task, { token, body: task });
  }

  assign(token: string, taskId: string, user_id: number): Promise<TaskT> {
    return call('POST', `${this.base}/api/v1/tasks/${taskId}/assign`, Task, { token, body: { user_id } });
  }

  start(token: string, taskId: string): Promise<TaskT> {
    return call('POST', `${this.base}/api/v1/tasks/${taskId}/start`, Task, { token });
  }

  complete(token: string, taskId: string): Promise<TaskT> {
    return call('POST', `${this.base}/api/v1/tasks/${taskId}/complete`, Task, { token });
  }
}
