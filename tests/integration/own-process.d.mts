/** The integration test files that run in a process of their own (own-process.mjs says why). */
export declare const OWN_PROCESS: string[];
