import js from '@eslint/js';
import playwright from 'eslint-plugin-playwright';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'app/web/dist', 'reports', 'test-results', '.auth', '.tmp', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty-pattern': 'off',
    },
  },
  {
    files: ['e2e/**/*.ts'],
    ...playwright.configs['flat/recommended'],
    rules: {
      ...playwright.configs['flat/recommended'].rules,
      'playwright/no-wait-for-timeout': 'error',
      'playwright/no-networkidle': 'error',
      'playwright/no-force-option': 'error',
      'playwright/no-focused-test': 'error',
      // Skips are conditional on the target's capabilities, with the reason in the report.
      'playwright/no-skipped-test': ['warn', { allowConditional: true }],
      // Journeys assert through page objects and frame-capture helpers.
      'playwright/expect-expect': ['error', { assertFunctionNames: ['expect*', 'assert*'], assertFunctionPatterns: ['^expect', '^assert', '\\.expect'] }],
    },
  },
);
