import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['corpus/repos/**', 'corpus/out/**', 'demo-out/**', 'dist/**', 'dist-renderer/**', 'node_modules/**', 'fixtures/monoliths/**', 'bench-out/**', 'test-artifacts/**', '.seam/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', fetch: 'readonly', window: 'readonly', document: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // the product loads TypeScript with require() (src/shared/typescript.cts): one ES import of it brings back a slow start
  {
    files: ['analyzers/**/*.ts', 'src/**/*.ts', 'src/**/*.tsx'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'typescript', message: "import ts from src/shared/typescript.cjs (types may come from 'typescript')", allowTypeImports: true }] }] },
  },
  // a .cts module's `import x = require()` is how TypeScript writes a CommonJS import (src/shared/typescript.cts)
  { files: ['**/*.cts'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['**/*.cjs'], languageOptions: { globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
