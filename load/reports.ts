/** Writes reports/load.md and reports/load.html next to Artillery's reports/load.json. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { htmlReport } from './report-html';
import type { ReportInput } from './report-input';
import { markdownReport } from './report-md';

export function writeReports(dir: string, input: ReportInput): void {
  writeFileSync(path.join(dir, 'load.md'), markdownReport(input));
  writeFileSync(path.join(dir, 'load.html'), htmlReport(input));
}
