/** The partner calls of the demo: NexaCore (:8001) profiles, Code Crafters (:8002) settings and ingest, ScoreSquad (:8003) reviews and feedback. */
import type { ActivityRecordInput } from '../../write/codecrafters/record.js';
import { call } from './http.js';
import { Feedback, Lab, LogAnswer, ProductivityProfile, Researcher, Review, UserDays } from './schemas.js';

export class NexaCoreClient {
  constructor(private readonly base: string) {}

  updateLab(token: string, organizationId: string, lab: { lab_name: string; domain: string }) {
    return call('PATCH', `${this.base}/api/v1/labs/${organizationId}`, Lab, { token, body: lab });
  }

  stateExpertise(token: string, userId: number, statement: { expertise_domains: string[]; years_experience: number }) {
    return call('PUT', `${this.base}/api/v1/researchers/${userId}`, Researcher, { token, body: statement });
  }
}

export interface ProfileChange {
  timezone: string;
  default_organization_id: string;
  work_hours_start: string;
  work_hours_end: string;
  tracking_enabled: boolean;
}

export class CodeCraftersClient {
  constructor(private readonly base: string) {}

  profile(token: string, userId: number) {
    return call('GET', `${this.base}/api/v1/productivity/profiles/${userId}`, ProductivityProfile, { token });
  }

  updateProfile(token: string, userId: number, change: ProfileChange) {
    return call('PUT', `${this.base}/api/v1/productivity/profiles/${userId}`, ProductivityProfile, {
      token,
      body: change,
    });
  }

  /** Your own days from `from` to `to` (`YYYY-MM-DD`, in your zone). */
  userDays(token: string, userId: number, from: string, to: string) {
    const query = `?from=${from}&to=${to}`;
    return call('GET', `${this.base}/api/v1/productivity/users/${userId}${query}`, UserDays, { token });
  }

  log(token: string, records: readonly ActivityRecordInput[]) {
    return call('POST', `${this.base}/api/v1/activity/log`, LogAnswer, {
      token,
      body: { records },
      timeoutMs: 120_000,
      idempotent: true, // records are deduplicated by id
    });
  }
}

export interface NewReview {
  employee_id: number;
  organization_id: string;
  period: string;
  scores: { quality: number; delivery: number; collaboration: number };
  comments: string;
}

export interface NewFeedback {
  project_id: string;
  to_user_id: number;
  score: number;
  comment: string;
}

export class ScoreSquadClient {
  constructor(private readonly base: string) {}

  review(token: string, review: NewReview) {
    return call('POST', `${this.base}/api/v1/reviews`, Review, { token, body: review });
  }

  feedback(token: string, feedback: NewFeedback) {
    return call('POST', `${this.base}/api/v1/feedback`, Feedback, { token, body: feedback });
  }
}
