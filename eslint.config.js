// ESLint 9 flat config: typescript-eslint (type-aware for the rules that need types), import-x for
// import cycles and for the one-way dependencies between the layers (design §6). import-x's
// no-cycle passes over type-only imports; `npm run cycles` (madge, in `npm test`) counts them too.
// stores → http (the kit) → write, projections → services → system; agent/, mcp/ and demo/ (clients) speak HTTP.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';

/** What each layer may not import: the layers above it. */
const layers = [
  { target: './stores', from: ['./http', './write', './projections', './services', './system', './bench'] },
  { target: './http', from: ['./stores', './write', './projections', './services', './system', './bench'] },
  { target: './write', from: ['./http', './projections', './services', './system', './bench'] },
  { target: './projections', from: ['./http', './services', './system', './bench'] },
  { target: './services', from: ['./system', './bench'] },
  { target: './system', from: ['./bench'] },
  // The desktop agent is a client: it speaks HTTP, and shares only the record's contract (write/).
  // The MCP server is a client of the APIs too: HTTP only, with the kit and write/'s shared value shapes.
  { target: './mcp', from: ['./stores', './projections', './services', './system', './bench'] },
  { target: './agent', from: ['./stores', './http', './projections', './services', './system', './bench'] },
  // The demo filler is a client too: it writes only through the APIs (write/ for the record's contract).
  {
    target: './demo',
    from: ['./stores', './http', './projections', './services', './system', './bench', './agent', './mcp'],
  },
];

export default tseslint.config(
  {
    // dashboard/ is checked by vue-tsc; its browser suites (dashboard/e2e/, run by Node) are linted here.
    ignores: [
      'node_modules/**',
      'data/**',
      '**/dist/**',
      'coverage/**',
      'bench/results/**',
      'dashboard/**/*',
      '!dashboard/e2e/',
      '!dashboard/e2e/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver': { node: { extensions: ['.ts', '.js', '.mjs'] } },
      'import-x/extensions': ['.ts', '.js', '.mjs'],
    },
    rules: {
      // Type-aware: a promise nobody waits for loses its error; awaiting a non-promise is a slip.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': ['error', { zones: layers }],
      'no-control-regex': 'off',
      // A closure that reads a variable assigned just after (a run that stops itself) needs a let.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Tests may reach for any, the test fixtures in a layer may use the layers above to build real systems.
    files: ['**/*.test.ts', '**/fixture*.ts', '**/*-fixture.ts', '**/test-fixtures/**', '**/fixtures/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'import-x/no-restricted-paths': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' },
    },
  },
);
