/** Options a project or file sets with `use` (read by the suite's fixtures, set by playwright.config.ts). */
export interface SuiteOptions {
  /**
   * The test user whose saved sign-in the default context starts with; null: signed out (a file
   * says `test.use({ signedInAs: null })`: Playwright ignores an undefined option, so null it is).
   */
  signedInAs: string | null;
}
