import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import type { TargetProfile, UserCredentials } from '../profiles/types';
import { fillSecret } from './secret-input';

export class LoginPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(
    readonly page: Page,
    private readonly profile: TargetProfile,
  ) {
    this.email = profile.ui.loginEmail(page);
    this.password = profile.ui.loginPassword(page);
    this.submit = profile.ui.loginSubmit(page);
    this.error = profile.ui.loginError(page);
  }

  async goto(): Promise<void> {
    await this.page.goto(this.profile.routes.login);
  }

  /** Signs in the way the target's real frontend does (form, dev button or token, per profile). */
  async signIn(user: UserCredentials, request: APIRequestContext, baseURL: string): Promise<void> {
    await this.profile.signIn({ page: this.page, user, request, baseURL, fillSecret });
  }

  /** Submits the form with the given credentials, whatever the outcome. */
  async attemptSignIn(email: string, password: string): Promise<void> {
    await this.goto();
    await this.email.fill(email);
    await fillSecret(this.password, password);
    await this.submit.click();
  }

  async expectRefused(): Promise<void> {
    await expect(this.error, 'C4.2: a refused sign-in must say so in an alert (role=alert)').toBeVisible();
    await expect(this.page, 'C4.2: a refused sign-in must stay on the login page').toHaveURL(new RegExp(`${this.profile.routes.login}$`));
  }

  /** `promise`: what showing the login page proves here, e.g. "C4.1: a signed-out visit to /chat must land on the login page". */
  async expectShown(promise = 'the login page must show'): Promise<void> {
    await expect(this.page, `${promise}: the page is not at ${this.profile.routes.login}`).toHaveURL(new RegExp(`${this.profile.routes.login}(\\?.*)?$`));
    await expect(this.submit, `${promise}: the login form's submit button is not shown`).toBeVisible();
  }
}
