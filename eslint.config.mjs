import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'bin/**', 'node_modules/**', 'src/generated/**', 'src/client/generated/**', 'coverage/**', 'bench/.cache/**', '.exp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Resolvers must reach AWS only through the service layer.
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/resolvers/**/*.ts', 'src/schema/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@aws-sdk/*'], message: 'Resolvers and schema types go through src/services.' }] }],
    },
  },
);
