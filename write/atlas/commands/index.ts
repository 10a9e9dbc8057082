/** The Atlas application services, as the HTTP routes call them. */
export type { Actor, WriteDeps, RequestContext } from '../../command.js';
export type { MemberView, OrganizationView, ProjectView, TaskView, UserView } from './views.js';
export {
  registerUser,
  personalOrganizationName,
  RegisterUserInput,
  PasswordSchema,
  type Registered,
  type AccountDeps,
} from './register-user.js';
export { authenticate, getUser, AuthenticateInput } from './users.js';
export {
  createOrganization,
  getOrganization,
  addMember,
  changeMemberRole,
  renameOrganization,
  CreateOrganizationInput,
  AddMemberInput,
  ChangeMemberRoleInput,
  RenameOrganizationInput,
} from './organizations.js';
export { createProject, getProject, archiveProject, CreateProjectInput } from './projects.js';
export { createTask, getTask, assignTask, startTask, completeTask, CreateTaskInput, AssignTaskInput } from './tasks.js';
