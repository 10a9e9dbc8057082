/** The caller of a request, as a verified Atlas access token names them (`auth.ts`). */
export interface AtlasUser {
  user_id: number;
  username?: string;
  /** Space-separated `scope` claim (RFC 8693), split. */
  scope?: string[];
}
