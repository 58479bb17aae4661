/**
 * Builds a Netra Apex frontend checkout offline, in a scratch copy outside this project: the
 * checkout is never modified and nothing of Netra's is ever written into the project.
 * Steps are skipped when their inputs did not change (a stamp file per step).
 */
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Folders of a checkout that are outputs or installs, never sources. */
const NOT_SOURCES = new Set(['node_modules', '.next', '.git', 'coverage']);
/** Netra's root layout loads a Google font at build time: no network here, so a local class stands in. */
const GOOGLE_FONT_IMPORT = /^import \{ (\w+) \} from 'next\/font\/google';$/m;

export interface BuildSettings {
  checkoutDir: string;
  scratchDir: string;
  /** NEXT_PUBLIC_* values: inlined into the bundle at build time, so a change means a rebuild. */
  publicEnv: Record<string, string>;
  log: (line: string) => void;
}

/** Copies, installs and builds as needed; returns the scratch copy's folder. */
export async function buildNetraFrontend(settings: BuildSettings): Promise<string> {
  const { checkoutDir, scratchDir, log } = settings;
  if (!existsSync(path.join(checkoutDir, 'package.json')) || !existsSync(path.join(checkoutDir, 'next.config.js'))) {
    throw new Error(`NETRA_FRONTEND_DIR=${checkoutDir} is not a Netra frontend checkout (no package.json and next.config.js)`);
  }
  const appDir = path.join(scratchDir, 'frontend');
  mkdirSync(appDir, { recursive: true });

  const sources = sourceFingerprint(checkoutDir);
  if (readStamp(appDir, 'sources') !== sources) {
    log(`copying ${checkoutDir} to ${appDir}`);
    cpSync(checkoutDir, appDir, { recursive: true, preserveTimestamps: true, filter: (from) => !NOT_SOURCES.has(path.basename(from)) });
    stubGoogleFont(appDir);
    writeStamp(appDir, 'sources', sources);
  }

  const lock = hash(readFileSync(path.join(appDir, 'package-lock.json')));
  if (readStamp(appDir, 'install') !== lock || !existsSync(path.join(appDir, 'node_modules', '.bin', 'next'))) {
    log('npm ci --legacy-peer-deps (a few minutes)');
    await run('npm', ['ci', '--legacy-peer-deps', '--no-audit', '--no-fund'], appDir, { CYPRESS_INSTALL_BINARY: '0' });
    writeStamp(appDir, 'install', lock);
  }

  const build = hash(JSON.stringify({ sources, lock, env: settings.publicEnv }));
  if (readStamp(appDir, 'build') !== build || !existsSync(path.join(appDir, '.next', 'BUILD_ID'))) {
    log('next build (about 10 minutes on 2 cores)');
    await run('node', ['node_modules/next/dist/bin/next', 'build'], appDir, {
      ...settings.publicEnv,
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_OPTIONS: '--max-old-space-size=4096',
    });
    writeStamp(appDir, 'build', build);
  }
  return appDir;
}

/** Replaces the `next/font/google` import with a function giving a plain font class. */
export function stubGoogleFont(appDir: string): void {
  const layout = path.join(appDir, 'app', 'layout.tsx');
  const text = readFileSync(layout, 'utf8');
  const match = GOOGLE_FONT_IMPORT.exec(text);
  if (!match) return;
  const stub = `const ${match[1]} = (_options: unknown) => ({ className: 'font-sans' });`;
  writeFileSync(layout, text.replace(GOOGLE_FONT_IMPORT, stub));
}

/** Relative path, size and mtime of every source file: cheap, and changes with any edit. */
function sourceFingerprint(dir: string): string {
  const entries: string[] = [];
  const walk = (sub: string) => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      if (NOT_SOURCES.has(entry.name)) continue;
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) {
        const stat = statSync(path.join(dir, rel));
        entries.push(`${rel}:${stat.size}:${Math.trunc(stat.mtimeMs)}`);
      }
    }
  };
  walk('');
  return hash(entries.sort().join('\n'));
}

function hash(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

const stampFile = (appDir: string, step: string) => path.join(appDir, `.golden-path-${step}.stamp`);

function readStamp(appDir: string, step: string): string | undefined {
  const file = stampFile(appDir, step);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

function writeStamp(appDir: string, step: string, value: string): void {
  writeFileSync(stampFile(appDir, step), `${value}\n`);
}

function run(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} in ${cwd} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}
