/**
 * ScoreSquad stream names. A review and a piece of feedback each get a stream named after what
 * must be unique (the employee's month in an organization; giver, receiver, project and month), so
 * the first append with `no_stream` wins and a second one is a conflict (design §3).
 */
export function reviewStream(organizationId: string, employeeId: number, period: string): string {
  return `scoresquad-review-${organizationId}-${employeeId}-${period}`;
}

export function feedbackStream(projectId: string, fromUserId: number, toUserId: number, period: string): string {
  return `scoresquad-feedback-${projectId}-${fromUserId}-${toUserId}-${period}`;
}
