/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  projects: [
    {
      // The backend: unit tests and HTTP tests against a real server and database.
      displayName: 'server',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
    },
    {
      // The WeChat mini-program's pages and components, rendered by miniprogram-simulate in jsdom.
      displayName: 'miniprogram',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/test-mp'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.miniprogram.json' }] },
      snapshotSerializers: ['miniprogram-simulate/jest-snapshot-plugin'],
    },
  ],
};
