/**
 * Scrubs passwords, tokens and tickets out of every test artifact before the other reporters
 * copy them: trace archives, text attachments and captured stdout/stderr. It must be listed
 * first in the reporter list, because reporters see each test end in list order.
 */
import { readFile, writeFile } from 'node:fs/promises';
import JSZip from 'jszip';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { knownSecrets } from '../config/env';
import { suiteConfig } from '../config/suite';
import { redactSecrets, redactText } from '../fixtures/redact';

const TEXT_TYPE = /^(text\/|application\/(json|xml|javascript|x-ndjson))/;

export default class RedactArtifactsReporter implements Reporter {
  private readonly secrets = knownSecrets(suiteConfig);
  private pending: Promise<unknown>[] = [];

  private scrub = (text: string): string => redactSecrets(redactText(text), this.secrets);

  onStdOut(chunk: string | Buffer, _test?: TestCase, result?: TestResult): void {
    this.scrubOutput(result?.stdout, chunk);
  }

  onStdErr(chunk: string | Buffer, _test?: TestCase, result?: TestResult): void {
    this.scrubOutput(result?.stderr, chunk);
  }

  async onTestEnd(_test: TestCase, result: TestResult): Promise<void> {
    for (const attachment of result.attachments) {
      if (attachment.body && TEXT_TYPE.test(attachment.contentType)) {
        attachment.body = Buffer.from(this.scrub(attachment.body.toString('utf8')));
      } else if (attachment.path && attachment.contentType === 'application/zip') {
        this.pending.push(this.scrubZip(attachment.path));
      } else if (attachment.path && TEXT_TYPE.test(attachment.contentType)) {
        this.pending.push(this.scrubFile(attachment.path));
      }
    }
    result.errors.forEach((error) => {
      if (error.message) error.message = this.scrub(error.message);
      if (error.stack) error.stack = this.scrub(error.stack);
    });
    await Promise.all(this.pending);
    this.pending = [];
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

  private async scrubFile(file: string): Promise<void> {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) await writeFile(file, this.scrub(text));
  }

  private async scrubZip(file: string): Promise<void> {
    const zip = await JSZip.loadAsync(await readFile(file));
    for (const entry of Object.values(zip.files)) {
      if (entry.dir) continue;
      const bytes = await entry.async('nodebuffer');
      if (bytes.includes(0)) continue; // binary (images, fonts): no secrets are written there as text
      zip.file(entry.name, this.scrub(bytes.toString('utf8')));
    }
    await writeFile(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  }
}
