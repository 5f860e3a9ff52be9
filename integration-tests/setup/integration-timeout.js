// Integration suites boot Medusa (database, migrations, loaders) in their beforeAll hooks.
jest.setTimeout(120 * 1000)
