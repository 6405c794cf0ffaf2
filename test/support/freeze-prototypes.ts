/**
 * Jest setupFiles (jest.config.js, jest.browser.config.js): the built-in prototypes are sealed in
 * every test file, so code that adds a key to Object.prototype through a request-chosen name (the
 * class of `sort=__proto__`, docs/security.md §4 "User text used as an object key") throws at the
 * write (strict code) instead of silently changing every object for later requests; deleting a
 * built-in throws too. test/support/prototypes-unchanged.ts then fails the file if a built-in was
 * replaced. Nothing in the app or its libraries may rely on changing these prototypes.
 *
 * Sealed, not frozen: freezing makes the built-ins read-only, and then assigning an own property
 * with an inherited name throws (the "override mistake"): cookiejar, under supertest, does
 * `Cookie.prototype.toString = …` at load and every HTTP test fails to start.
 */
export const SEALED_PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype] as const;
for (const proto of SEALED_PROTOTYPES) Object.seal(proto);
