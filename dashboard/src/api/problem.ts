/**
 * Every error the dashboard shows is a problem (RFC 9457): the services answer
 * `application/problem+json`, and what goes wrong before an answer (no network, an answer off its
 * contract) is turned into one, so every view shows `detail` the same way.
 */
import { z } from 'zod';

const ProblemBody = z.looseObject({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  errors: z.array(z.looseObject({ pointer: z.string().optional(), detail: z.string().optional() })).optional(),
});

export interface FieldError {
  /** JSON pointer into the request, e.g. `/title` or `/scores/quality`. */
  pointer: string;
  detail: string;
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(detail);
    this.name = 'ProblemError';
  }

  static async fromResponse(response: Response): Promise<ProblemError> {
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      // not JSON: the status line says what there is to say
    }
    const parsed = ProblemBody.safeParse(body);
    const problem = parsed.success ? parsed.data : {};
    return new ProblemError(
      response.status,
      problem.title ?? (response.statusText || `HTTP ${response.status}`),
      problem.detail ?? problem.title ?? `the service answered ${response.status}`,
      (problem.errors ?? []).map((e) => ({ pointer: e.pointer ?? '', detail: e.detail ?? 'invalid' })),
    );
  }

  static unreachable(service: string): ProblemError {
    return new ProblemError(
      0,
      'Service unreachable',
      `The ${service} service does not answer. Is \`npm start\` running?`,
    );
  }
}

/** Any thrown value as a problem, for views that show what went wrong. */
export function asProblem(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  return new ProblemError(0, 'Unexpected error', error instanceof Error ? error.message : String(error));
}
