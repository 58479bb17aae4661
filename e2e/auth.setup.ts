/**
 * Signs each shared test user in once, through the target's real login page, and keeps the browser
 * state for the specs. This project never records traces or screenshots: it handles passwords.
 */
import { suiteConfig } from '../config/suite';
import { expect, test as setup } from '../fixtures/test';
import { saveSignIn } from '../harness/sign-in/auth-state';
import { LoginPage } from '../pages/LoginPage';

// The users every worker shares; each worker signs its own extra users in when a test needs them.
const shared = suiteConfig.users.filter((u) => !suiteConfig.extraUsers.includes(u));

for (const user of shared) {
  setup(`sign ${user.key} in through the login page`, async ({ page, request, config, profile }) => {
    await new LoginPage(page, profile).signIn(user, request, config.baseURL);
    expect(await profile.readAccessToken(page), `signing ${user.key} in left no session token in the page`).toBeTruthy();
    saveSignIn(user.key, await page.context().storageState());
  });
}
