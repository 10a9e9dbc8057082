/**
 * How a batch leaves: over HTTP to Code Crafters with the user's token (renewed once on a 401),
 * or, for `start --dry-run`, printed as the exact JSON body that would be sent, and nothing sent.
 */
import type { ActivityRecord, CodeCraftersApi } from '../api/codecrafters.js';
import { ContractError, NetworkError, ProblemError } from '../api/http.js';
import { SignInAgain, type Session } from '../home/session.js';
import type { Transport } from './sender.js';

export function httpTransport(session: Session, codecrafters: CodeCraftersApi): Transport {
  return {
    async send(records: ActivityRecord[], signal?: AbortSignal) {
      let stale: string | undefined;
      for (let attempt = 0; attempt < 2; attempt++) {
        let token: string;
        try {
          token = (await session.accessToken(stale)).token;
        } catch (error) {
          if (error instanceof SignInAgain) return { kind: 'sign_in_again', message: error.message };
          if (error instanceof NetworkError) return { kind: 'network', message: error.message };
          if (error instanceof ProblemError)
            return { kind: 'network', message: `Atlas could not renew the token now (${error.status})` };
          // Anything else (an answer not in Atlas's shape, a damaged credentials file): try again later.
          return { kind: 'network', message: `cannot renew the token now: ${(error as Error).message}` };
        }
        try {
          return { kind: 'accepted', answer: await codecrafters.log(token, { records }, signal) };
        } catch (error) {
          if (error instanceof NetworkError) return { kind: 'network', message: error.message };
          if (error instanceof ContractError) return { kind: 'network', message: error.message };
          if (!(error instanceof ProblemError)) throw error;
          if (error.status === 401 && attempt === 0) {
            stale = token;
            continue;
          }
          return {
            kind: 'problem',
            status: error.status,
            problem: error.problem,
            retryAfterSeconds: error.retryAfterSeconds,
            fromService: error.fromService,
          };
        }
      }
      return { kind: 'sign_in_again', message: 'Code Crafters refused the renewed token' };
    },
  };
}

export function dryRunTransport(print: (line: string) => void): Transport {
  return {
    send(records: ActivityRecord[]) {
      print(JSON.stringify({ records }, null, 2));
      return Promise.resolve({ kind: 'accepted', answer: { accepted: records.length, refused: [] } });
    },
  };
}
