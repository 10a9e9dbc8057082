/** NexaCore stream names: one stream per lab (keyed by organization id) and per researcher (user id). */
export function labStream(organizationId: string): string {
  return `nexacore-lab-${organizationId}`;
}

export function researcherStream(userId: number): string {
  return `nexacore-researcher-${userId}`;
}
