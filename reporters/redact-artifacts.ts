/**
 * Scrubs passwords, tokens and tickets out of every test artifact before the other reporters
 * copy them: trace archives, text attachments and captured stdout/stderr. It must be listed
 * first in the reporter list, because reporters see each test end in list order, and it works
 * synchronously, because the runner does not wait for a reporter's onTestEnd.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { knownSecrets } from '../config/env';
import { suiteConfig } from '../config/suite';
import { savedSignInValues } from '../harness/sign-in/auth-state';
import { redactSecrets, redactText } from '../harness/redaction/redact';

const TEXT_TYPE = /^(text\/|application\/(json|xml|javascript|x-ndjson))/;

export default class RedactArtifactsReporter implements Reporter {
  private readonly configSecrets = knownSecrets(suiteConfig);
  private secrets = this.configSecrets;

  private scrub = (text: string): string => redactSecrets(redactText(text), this.secrets);

  onStdOut(chunk: string | Buffer, _test?: TestCase, result?: TestResult): void {
    this.scrubOutput(result?.stdout, chunk);
  }

  onStdErr(chunk: string | Buffer, _test?: TestCase, result?: TestResult): void {
    this.scrubOutput(result?.stderr, chunk);
  }

  onTestEnd(_test: TestCase, result: TestResult): void {
    // The sign-in project writes the saved states during the run; whatever they hold is secret.
    this.secrets = [...this.configSecrets, ...savedSignInValues(suiteConfig.baseURL)];
    for (const attachment of result.attachments) {
      if (attachment.body && TEXT_TYPE.test(attachment.contentType)) {
        attachment.body = Buffer.from(this.scrub(attachment.body.toString('utf8')));
      } else if (attachment.path && attachment.contentType === 'application/zip') {
        this.scrubZip(attachment.path);
      } else if (attachment.path && TEXT_TYPE.test(attachment.contentType)) {
        this.scrubFile(attachment.path);
      }
    }
    result.errors.forEach((error) => {
      if (error.message) error.message = this.scrub(error.message);
      if (error.stack) error.stack = this.scrub(error.stack);
    });
  }

  printsToStdio(): boolean {
    return false;
  }

  /** The runner keeps chunk references in result.stdout; replace the last one in place. */
  private scrubOutput(chunks: (string | Buffer)[] | undefined, chunk: string | Buffer): void {
    if (!chunks) return;
    const index = chunks.lastIndexOf(chunk);
    if (index >= 0) chunks[index] = this.scrub(chunk.toString());
  }

  private scrubFile(file: string): void {
    writeFileSync(file, this.scrub(readFileSync(file, 'utf8')));
  }

  private scrubZip(file: string): void {
    const entries = unzipSync(readFileSync(file));
    for (const [name, bytes] of Object.entries(entries)) {
      if (bytes.includes(0)) continue; // binary (images, fonts): no secrets are written there as text
      entries[name] = strToU8(this.scrub(strFromU8(bytes)));
    }
    writeFileSync(file, zipSync(entries));
  }
}
