/** Options a project or file sets with `use` (read by the suite's fixtures, set by playwright.config.ts). */
export interface SuiteOptions {
  /** The test user whose saved sign-in the default context starts with; unset: signed out. */
  signedInAs: string | undefined;
}
