// ESM-only dependencies (middy, fauxqs and its deps) are transformed to CommonJS by swc for Jest.
const esmPackages = ['@middy', 'fauxqs', 'valibot', 'toad-cache'].join('|');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmPackages})/)`],
  moduleNameMapper: {
    // fauxqs only exports an `import` condition, which Jest's CommonJS resolver does not match.
    '^fauxqs$': '<rootDir>/node_modules/fauxqs/dist/app.js',
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testTimeout: 30000,
  setupFiles: ['<rootDir>/test/setupEnv.cjs'],
};
