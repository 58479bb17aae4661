import js from '@eslint/js';
import playwright from 'eslint-plugin-playwright';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'app/web/dist', 'load/artillery/dist', 'reports', 'test-results', '.auth', '.tmp', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty-pattern': 'off',
    },
  },
  {
    // Specs, and what they stand on: the fixtures, the page objects and the harness behind the actor.
    files: ['e2e/**/*.ts', 'fixtures/**/*.ts', 'pages/**/*.ts', 'harness/**/*.ts'],
    ...playwright.configs['flat/recommended'],
    rules: {
      ...playwright.configs['flat/recommended'].rules,
      'playwright/no-wait-for-timeout': 'error',
      'playwright/no-networkidle': 'error',
      'playwright/no-force-option': 'error',
      'playwright/no-focused-test': 'error',
      // A journey step groups its parts in the report: "Send …" holds "The agent starts".
      'playwright/no-nested-step': 'off',
      // Skips are conditional on the target's capabilities, with the reason in the report.
      'playwright/no-skipped-test': ['warn', { allowConditional: true }],
      // Journeys assert through page objects and frame-capture helpers.
      'playwright/expect-expect': ['error', { assertFunctionNames: ['expect*', 'assert*'], assertFunctionPatterns: ['^expect', '^assert', '\\.expect'] }],
    },
  },
);
