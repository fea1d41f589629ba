// The integration test files that replace a module (vi.mock). They run in a process of their own (vitest.config.mts):
// the other files share their worker's process, where a replaced module would stay replaced for the files after them.
// ESLint refuses vi.mock in any other integration test (eslint.config.mjs), so this list is the whole of them.
export const OWN_PROCESS = ["tests/integration/forms.property.test.ts", "tests/integration/mi-id-collision.test.ts", "tests/integration/sign-in-post.test.ts"];
