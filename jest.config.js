/** Jest projects mirror tests/: unit (core), integration (handlers on SQLite), component, native, e2e. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
]
const transform = { '^.+\\.(t|j)sx?$': swc }
const alias = { '^@/(.*)$': '<rootDir>/src/$1' }

module.exports = {
  projects: [
    { displayName: 'unit', testEnvironment: 'node', transform, moduleNameMapper: alias, testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    { displayName: 'integration', testEnvironment: 'node', transform, moduleNameMapper: alias, testMatch: ['<rootDir>/tests/integration/**/*.test.ts'] },
    {
      displayName: 'component',
      testEnvironment: 'jsdom',
      transform,
      testMatch: ['<rootDir>/tests/component/**/*.test.tsx'],
      setupFilesAfterEnv: ['<rootDir>/tests/component/setup.ts'],
      moduleNameMapper: {
        ...alias,
        '^@nutui/nutui-react-taro$': '<rootDir>/node_modules/@nutui/nutui-react-taro/dist/cjs/packages/nutui.react.build.js',
        '^(lottie-react|@nutui/lottie-miniprogram)$': '<rootDir>/tests/component/stubs/empty.ts',
        '^@tarojs/components$': '<rootDir>/tests/component/stubs/taro-components.tsx',
        '^@tarojs/taro$': '<rootDir>/tests/component/stubs/taro.ts',
        '\\.(css|scss|less)$': '<rootDir>/tests/component/stubs/empty.ts',
      },
    },
    { displayName: 'native', testEnvironment: 'jsdom', transform, moduleNameMapper: alias, testMatch: ['<rootDir>/tests/native/**/*.test.ts'] },
    { displayName: 'e2e', testEnvironment: 'node', transform, moduleNameMapper: alias, testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'], testTimeout: 90000 },
  ],
}
